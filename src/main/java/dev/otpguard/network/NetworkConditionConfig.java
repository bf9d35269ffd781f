package dev.otpguard.network;

import dev.otpguard.core.network.NetworkRanges;
import dev.otpguard.core.options.Option;
import dev.otpguard.core.options.OptionGroup;
import dev.otpguard.kernel.AdminConsoleOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/** The condition's options: which networks, and whether the answer is turned around. */
final class NetworkConditionConfig {

    static final String NETWORKS = "networks";
    static final String NEGATE = "negate";

    private static final Option NETWORKS_OPTION = Option.text(NETWORKS, "Networks",
            "CIDR ranges the client address is checked against, IPv4 or IPv6 (10.0.0.0/8, 192.168.1.0/24, "
                    + "2001:db8::/32), separated by commas, spaces or new lines; a single address counts as /32 or "
                    + "/128. The address is the one Keycloak trusts: proxy headers only with --proxy-headers.");
    private static final Option NEGATE_OPTION = Option.flag(NEGATE, "Negate output",
            "On: true when the client address is in none of the networks (ask for a code outside the office).",
            false);

    static final OptionGroup OPTIONS = OptionGroup.of(NETWORKS_OPTION, NEGATE_OPTION);

    /** The networks and the negation, or the problems that make the configuration unusable. */
    record Parsed(NetworkRanges networks, boolean negate, List<String> problems) {
    }

    private NetworkConditionConfig() {
    }

    static Parsed from(AuthenticatorConfigModel model) {
        return from(model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    static Parsed from(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        NEGATE_OPTION.problem(values.get(NEGATE)).ifPresent(problems::add);
        NetworkRanges networks = NetworkRanges.parse(values.get(NETWORKS));
        networks.problems().forEach(problem -> problems.add(NETWORKS + ": " + problem));
        boolean negate = Boolean.parseBoolean(String.valueOf(values.get(NEGATE)).trim());
        return new Parsed(networks, negate, problems);
    }

    static List<ProviderConfigProperty> properties() {
        return AdminConsoleOptions.of(OPTIONS);
    }
}
