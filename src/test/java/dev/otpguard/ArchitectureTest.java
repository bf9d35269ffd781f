package dev.otpguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Which package may depend on which (issue 16, ARCHITECTURE.md §6.2): dependencies point one way, from the features
 * down through the channels, the code exchange, what OTP Guard keeps on an account and the shared Keycloak glue to
 * a plain-Java core. Nothing is frozen: a new edge against the direction fails the build. Constants are inlined by
 * the compiler and invisible here, which is why provider ids live in {@code kernel.ProviderIds}.
 */
@AnalyzeClasses(packages = "dev.otpguard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** What a plain-Java package must not use: the server, its web and template stack, its logging. */
    private static final String[] SERVER_PACKAGES = {"org.keycloak..", "jakarta..", "freemarker..", "org.jboss.."};

    private static final String[] FEATURES = {"step", "reset", "phone", "contact", "device", "delivery",
        "settings", "network", "registration", "passkey"};

    @ArchTest
    static final ArchRule coreUsesNoServerClasses = classes().that().resideInAPackage("dev.otpguard.core..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages(SERVER_PACKAGES)
            .as("the core is plain Java: no Keycloak, Jakarta, FreeMarker or JBoss classes");

    @ArchTest
    static final ArchRule coreStandsAlone = noClasses().that().resideInAPackage("dev.otpguard.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpguard.account..", "dev.otpguard.channel..",
                    "dev.otpguard.contact..", "dev.otpguard.delivery..", "dev.otpguard.device..",
                    "dev.otpguard.exchange..", "dev.otpguard.kernel..", "dev.otpguard.network..",
                    "dev.otpguard.passkey..", "dev.otpguard.phone..", "dev.otpguard.registration..",
                    "dev.otpguard.reset..", "dev.otpguard.settings..", "dev.otpguard.sms..", "dev.otpguard.step..")
            .as("the core uses nothing of OTP Guard outside the core");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.otpguard.(*)..").should().beFreeOfCycles()
            .as("no cycles between the top-level packages of dev.otpguard");

    @ArchTest
    static final ArchRule noCyclesInsideTheCore = slices().matching("dev.otpguard.core.(*)..").should()
            .beFreeOfCycles().as("no cycles between the packages of the core");

    /** The two feature-to-feature edges the layout allows: step → reset and contact → phone. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("core").definedBy("dev.otpguard.core..")
            .layer("sms").definedBy("dev.otpguard.sms..")
            .layer("kernel").definedBy("dev.otpguard.kernel..")
            .layer("account").definedBy("dev.otpguard.account..")
            .layer("exchange").definedBy("dev.otpguard.exchange..")
            .layer("channel").definedBy("dev.otpguard.channel..")
            .layer("step").definedBy("dev.otpguard.step..")
            .layer("reset").definedBy("dev.otpguard.reset..")
            .layer("phone").definedBy("dev.otpguard.phone..")
            .layer("contact").definedBy("dev.otpguard.contact..")
            .layer("device").definedBy("dev.otpguard.device..")
            .layer("delivery").definedBy("dev.otpguard.delivery..")
            .layer("settings").definedBy("dev.otpguard.settings..")
            .layer("network").definedBy("dev.otpguard.network..")
            .layer("registration").definedBy("dev.otpguard.registration..")
            .layer("passkey").definedBy("dev.otpguard.passkey..")
            .whereLayer("step").mayNotBeAccessedByAnyLayer()
            .whereLayer("contact").mayNotBeAccessedByAnyLayer()
            .whereLayer("device").mayNotBeAccessedByAnyLayer()
            .whereLayer("delivery").mayNotBeAccessedByAnyLayer()
            .whereLayer("settings").mayNotBeAccessedByAnyLayer()
            .whereLayer("network").mayNotBeAccessedByAnyLayer()
            .whereLayer("registration").mayNotBeAccessedByAnyLayer()
            .whereLayer("passkey").mayNotBeAccessedByAnyLayer()
            .whereLayer("reset").mayOnlyBeAccessedByLayers("step")
            .whereLayer("phone").mayOnlyBeAccessedByLayers("contact")
            .whereLayer("channel").mayOnlyBeAccessedByLayers(FEATURES)
            .whereLayer("exchange").mayOnlyBeAccessedByLayers(with(FEATURES, "channel"))
            .whereLayer("account").mayOnlyBeAccessedByLayers(with(FEATURES, "channel", "exchange"))
            .whereLayer("kernel").mayOnlyBeAccessedByLayers(with(FEATURES, "channel", "exchange", "account"))
            .whereLayer("sms").mayOnlyBeAccessedByLayers(with(FEATURES, "channel", "exchange", "account", "kernel"));

    /**
     * Where two features meet, they meet at named classes only: the sign-in step hands a password reset to the
     * reset step and reads its options; the phone change reuses phone setup's number rules and form. Anything else
     * a neighbour needs moves down a layer rather than widening the edge.
     */
    @ArchTest
    static final ArchRule stepMeetsResetAtItsEntry = noClasses().that().resideInAPackage("dev.otpguard.step..")
            .should().dependOnClassesThat(outsideOf("dev.otpguard.reset", "ResetCodeStep", "ResetOptions"))
            .as("the code step uses the reset feature only through ResetCodeStep and ResetOptions");

    @ArchTest
    static final ArchRule contactMeetsPhoneAtItsRules = noClasses().that().resideInAPackage("dev.otpguard.contact..")
            .should().dependOnClassesThat(outsideOf("dev.otpguard.phone", "PhoneSetupConfig", "PhoneSetupBean"))
            .as("the contact changes use phone setup only through PhoneSetupConfig and PhoneSetupBean");

    /** Classes of {@code pkg} other than the named ones (and their nested classes). */
    private static DescribedPredicate<JavaClass> outsideOf(String pkg, String... named) {
        java.util.Set<String> entries = java.util.Set.of(named);
        return JavaClass.Predicates.resideInAPackage(pkg).and(DescribedPredicate.describe(
                "classes other than " + String.join(", ", named),
                c -> !entries.contains(c.getName().substring(pkg.length() + 1).split("\\$")[0])));
    }

    /** The SMS sender SPI is what third parties compile against: it may use the core (masking), nothing else. */
    @ArchTest
    static final ArchRule smsSpiStandsAlone = noClasses().that().resideInAPackage("dev.otpguard.sms..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.otpguard.account..", "dev.otpguard.channel..",
                    "dev.otpguard.contact..", "dev.otpguard.delivery..", "dev.otpguard.device..",
                    "dev.otpguard.exchange..", "dev.otpguard.kernel..", "dev.otpguard.network..",
                    "dev.otpguard.passkey..", "dev.otpguard.phone..", "dev.otpguard.registration..",
                    "dev.otpguard.reset..", "dev.otpguard.settings..", "dev.otpguard.step..")
            .as("the SMS SPI uses no OTP Guard package but the core");

    private static String[] with(String[] features, String... more) {
        String[] all = new String[features.length + more.length];
        System.arraycopy(features, 0, all, 0, features.length);
        System.arraycopy(more, 0, all, features.length, more.length);
        return all;
    }
}
