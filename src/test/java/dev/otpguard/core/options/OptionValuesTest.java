package dev.otpguard.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a configuration through its declarations: one default, one parser and one message per option. */
class OptionValuesTest {

    private static final Option FLAG = Option.flag("alert", "Alert", "help", true);
    private static final Option NUMBER = Option.number("days", "Days", "help", 7, List.of("1", "7", "30"), 1, 30);
    private static final Option CHOICE = Option.choice("mode", "Mode", "help", "a", List.of("a", "b"));
    private static final Option OPEN = Option.openChoice("sender", "Sender", "help", "", List.of("", "log"));
    private static final Option TEXT = Option.text("countries", "Countries", "help");
    private static final OptionGroup ALL = OptionGroup.of(FLAG, NUMBER, CHOICE, OPEN, TEXT);

    @Test
    void unsetOrBlankValuesAreTheDeclaredDefaults() {
        OptionValues values = new OptionValues(Map.of("alert", " ", "days", ""));
        assertThat(values.flag(FLAG)).isTrue();
        assertThat(values.number(NUMBER)).isEqualTo(7);
        assertThat(values.choice(CHOICE)).isEqualTo("a");
        assertThat(values.text(OPEN)).isEmpty();
        assertThat(values.text(TEXT)).isEmpty();
        assertThat(values.problems()).isEmpty();
    }

    @Test
    void usableValuesAreTrimmedAndFlagsTakeAnyLetterCase() {
        OptionValues values = new OptionValues(Map.of("alert", " FALSE ", "days", " 30", "mode", "b",
                "sender", "acme", "countries", " DE,AT "));
        assertThat(values.flag(FLAG)).isFalse();
        assertThat(values.number(NUMBER)).isEqualTo(30);
        assertThat(values.choice(CHOICE)).isEqualTo("b");
        assertThat(values.text(OPEN)).contains("acme");
        assertThat(values.text(TEXT)).contains("DE,AT");
        assertThat(values.problems()).isEmpty();
    }

    /** A number outside the console's offer is still taken when it is within the declared range. */
    @Test
    void numbersAreTakenAcrossTheirWholeRangeAndRefusedOutsideIt() {
        assertThat(new OptionValues(Map.of("days", "12")).number(NUMBER)).isEqualTo(12);
        for (String bad : List.of("0", "31", "7.5", "seven", "٣", "99999999999999999999")) {
            OptionValues values = new OptionValues(Map.of("days", bad));
            assertThat(values.number(NUMBER)).as(bad).isEqualTo(7);
            assertThat(values.problems()).as(bad).containsExactly("days must be a whole number from 1 to 30");
        }
    }

    @Test
    void everyRefusedValueIsNamedOnceWhetherCheckedOrRead() {
        OptionValues values = new OptionValues(Map.of("alert", "yes", "days", "0", "mode", "c", "sender", "x",
                "countries", "anything"));
        values.check(ALL);
        values.flag(FLAG);
        values.choice(CHOICE);
        assertThat(values.problems()).containsExactly("alert must be true or false",
                "days must be a whole number from 1 to 30", "mode must be one of a, b");
    }

    @Test
    void aReadOfTheWrongKindIsAProgrammingError() {
        OptionValues values = new OptionValues(Map.of());
        assertThatThrownBy(() -> values.flag(NUMBER)).hasMessageContaining("days is not a flag");
        assertThatThrownBy(() -> values.number(CHOICE)).hasMessageContaining("mode is not a number");
        assertThatThrownBy(() -> values.choice(NUMBER)).hasMessageContaining("days is not a choice");
    }

    @Test
    void aNumberDeclarationMustOfferItsDefaultAndOnlyValuesInRange() {
        assertThatThrownBy(() -> Option.number("n", "N", "help", 5, List.of("1", "2"), 1, 10))
                .hasMessageContaining("n: the default 5 is not among the offered");
        assertThatThrownBy(() -> Option.number("n", "N", "help", 1, List.of("1", "20"), 1, 10))
                .hasMessageContaining("n: offers 20, outside 1 to 10");
        assertThatThrownBy(() -> new Option("t", "T", "help", Option.Kind.TEXT, null, List.of(),
                new Option.Range(1, 2))).hasMessageContaining("only a choice field can be a number");
    }
}
