package dev.otpguard.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionGroupTest {

    private static final Option A = Option.flag("a", "A", "help", false);
    private static final Option B = Option.choice("b", "B", "help", "2", List.of("1", "2"));

    @Test
    void aUnionKeepsTheOrderOfItsGroups() {
        assertThat(OptionGroup.of(B).and(OptionGroup.of(A)).names()).containsExactly("b", "a");
    }

    @Test
    void aNameInTwoGroupsIsRefusedWhereTheyAreJoined() {
        Option otherA = Option.flag("a", "Another A", "help", true);
        assertThatThrownBy(() -> OptionGroup.of(A).and(OptionGroup.of(otherA)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option a is declared twice");
    }

    @Test
    void aChoiceMustOfferItsDefault() {
        assertThatThrownBy(() -> Option.choice("c", "C", "help", "3", List.of("1", "2")))
                .hasMessageContaining("c: the default 3 is not among the choices");
        assertThatThrownBy(() -> Option.choices("d", "D", "help", List.of("x"), List.of("y")))
                .hasMessageContaining("d: defaults [x] are not all among the choices");
    }

    @Test
    void onlyChoiceFieldsHaveChoices() {
        assertThatThrownBy(() -> new Option("e", "E", "help", Option.Kind.TEXT, null, List.of("1"), null))
                .hasMessageContaining("choices are given exactly for choice fields");
        assertThat(Option.choices("f", "F", "help", List.of("1", "2"), List.of("1", "2", "3")).defaultValue())
                .isEqualTo("1##2");
    }
}
