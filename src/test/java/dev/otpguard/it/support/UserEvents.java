package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The login events Keycloak stored for one user, read through the admin API. */
public final class UserEvents {

    private UserEvents() {
    }

    public static List<JsonNode> of(TestEnvironment.Env env, String realm, String username) {
        return of(env.admin, realm, username);
    }

    public static List<JsonNode> of(Admin admin, String realm, String username) {
        String userId = admin.userId(realm, username);
        List<JsonNode> mine = new ArrayList<>();
        admin.events(realm).forEach(e -> {
            if (userId.equals(e.path("userId").asText())) {
                mine.add(e);
            }
        });
        return mine;
    }

}
