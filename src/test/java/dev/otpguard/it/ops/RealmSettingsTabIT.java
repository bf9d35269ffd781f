package dev.otpguard.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otpguard.it.support.Admin;
import dev.otpguard.it.support.HeadlessChromium;
import dev.otpguard.it.support.KeycloakServer;
import dev.otpguard.it.support.TestEnvironment;
import dev.otpguard.it.support.TestEnvironment.Env;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The "OTP Guard" tab under Realm settings (issue 18), driven in Chromium against the real admin console of the
 * test server (which runs with {@code --features=declarative-ui}): what it shows, what a save stores in the realm
 * attributes and event listeners, what it refuses, who may change it, and that changes made elsewhere show in it.
 */
@ExtendWith(TestEnvironment.class)
class RealmSettingsTabIT {

    private static final Path DOCS = Path.of(System.getProperty("otpguard.project.dir", "."), "docs", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String TAB_ID = "otp-guard-settings";
    private static final String LISTENER = "otp-guard-contact-change";
    private static final String ADMIN = "realm-admin";
    private static final String ADMIN_PASSWORD = "realm-admin-pass-1";

    @Test
    @Tag("smoke")
    void anAdminChangesALimitAndTheSwitchSavesAndFindsThemAfterAReload(Env env) throws Exception {
        String realm = newRealm(env);
        setAttributeLikeKcadm(env, realm, "otpGuard.sendsPerUserPerHour", "7");
        realmAdmin(env, realm, "view-realm", "manage-realm");

        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            signIn(driver, wait, env, realm, ADMIN, ADMIN_PASSWORD);
            openTab(driver, wait, env, realm, realm);
            assertThat(driver.findElement(By.linkText("OTP Guard")).getAttribute("aria-selected"))
                    .as("the tab is titled with the product's name").isEqualTo("true");
            // what kcadm set before the tab was ever opened is what the tab shows
            awaitValue(wait, "sendsPerUserPerHour", "7");
            assertThat(field(driver, "realm").getAttribute("value")).isEqualTo(realm);
            assertThat(field(driver, "smsPerRealmPerHour").getAttribute("value")).isEqualTo("1000");
            assertThat(field(driver, "failedCodesPerUserPerHour").getAttribute("value")).isEqualTo("30");
            assertThat(field(driver, "contactChangeListener").isSelected()).isFalse();

            type(field(driver, "smsPerRealmPerHour"), "250");
            click(driver, field(driver, "contactChangeListener"));
            save(driver);
            assertThat(awaitAlert(wait, "success")).contains("Saved");

            JsonNode stored = env.admin.get("/admin/realms/" + realm);
            assertThat(stored.path("attributes").path("otpGuard.smsPerRealmPerHour").asText()).isEqualTo("250");
            assertThat(stored.path("attributes").path("otpGuard.sendsPerUserPerHour").asText())
                    .as("a limit the admin did not touch keeps its value").isEqualTo("7");
            assertThat(stored.path("attributes").has("otpGuard.failedCodesPerUserPerHour"))
                    .as("a limit at its default is no attribute, so the realm follows the default").isFalse();
            assertThat(listeners(stored)).contains(LISTENER, "jboss-logging");

            driver.navigate().refresh();
            awaitValue(wait, "smsPerRealmPerHour", "250");
            assertThat(field(driver, "sendsPerUserPerHour").getAttribute("value")).isEqualTo("7");
            assertThat(field(driver, "contactChangeListener").isSelected()).isTrue();
            // the docs' picture: the whole form, with the tab in view in the tab strip
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1600, 1250));
            By scrollRight = By.cssSelector("button[aria-label='Scroll forward'], button[aria-label='Scroll right']");
            for (WebElement right : driver.findElements(scrollRight)) {
                for (int i = 0; i < 4 && right.isEnabled(); i++) {
                    click(driver, right);
                    Thread.sleep(300);
                }
            }
            if (Boolean.parseBoolean(System.getProperty("otpguard.screenshots", "true"))) {
                Files.createDirectories(DOCS);
                Files.write(DOCS.resolve("admin-realm-settings-tab.png"),
                        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            }

            // and off again: the switch removes the listener and nothing else
            click(driver, field(driver, "contactChangeListener"));
            save(driver);
            wait.until(d -> !listeners(env.admin.get("/admin/realms/" + realm)).contains(LISTENER));
            assertThat(listeners(env.admin.get("/admin/realms/" + realm))).contains("jboss-logging");
        } finally {
            driver.quit();
        }
    }

    @Test
    void aValueOutOfRangeIsRefusedOnSaveNamingTheFieldAndNothingChanges(Env env) throws Exception {
        String realm = newRealm(env);
        setAttributeLikeKcadm(env, realm, "otpGuard.failedCodesPerUserPerHour", "12");
        realmAdmin(env, realm, "view-realm", "manage-realm");
        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            signIn(driver, wait, env, realm, ADMIN, ADMIN_PASSWORD);
            openTab(driver, wait, env, realm, realm);
            awaitValue(wait, "failedCodesPerUserPerHour", "12");

            type(field(driver, "failedCodesPerUserPerHour"), "101");
            type(field(driver, "smsPerRealmPerHour"), "40");
            save(driver);
            String alert = awaitAlert(wait, "danger");
            assertThat(alert).contains("Wrong codes per user per hour")
                    .contains("otpGuard.failedCodesPerUserPerHour must be a whole number from 1 to 100")
                    .doesNotContain("SMS budget");
            JsonNode attributes = env.admin.get("/admin/realms/" + realm).path("attributes");
            assertThat(attributes.path("otpGuard.failedCodesPerUserPerHour").asText()).isEqualTo("12");
            assertThat(attributes.has("otpGuard.smsPerRealmPerHour")).as("a refused save stores no field").isFalse();

            type(field(driver, "failedCodesPerUserPerHour"), "0");
            save(driver);
            wait.until(d -> d.findElements(By.cssSelector("[class*='c-alert__title']")).stream()
                    .anyMatch(e -> e.getText().contains("from 1 to 100") && e.getText().contains("Wrong codes")));

            driver.navigate().refresh();
            awaitValue(wait, "failedCodesPerUserPerHour", "12");
            assertThat(field(driver, "smsPerRealmPerHour").getAttribute("value")).isEqualTo("1000");
        } finally {
            driver.quit();
        }
    }

    @Test
    void anAdminWithViewRealmReadsTheTabButCannotSaveIt(Env env) throws Exception {
        String realm = newRealm(env);
        setAttributeLikeKcadm(env, realm, "otpGuard.sendsPerIpPerHour", "50");
        realmAdmin(env, realm, "view-realm");

        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            signIn(driver, wait, env, realm, ADMIN, ADMIN_PASSWORD);
            openTab(driver, wait, env, realm, realm);
            awaitValue(wait, "sendsPerIpPerHour", "50");

            type(field(driver, "sendsPerIpPerHour"), "5");
            save(driver);
            assertThat(awaitAlert(wait, "danger")).contains("could not save");
        } finally {
            driver.quit();
        }
        assertThat(env.admin.get("/admin/realms/" + realm).path("attributes").path("otpGuard.sendsPerIpPerHour")
                .asText()).isEqualTo("50");
    }

    /**
     * Keycloak's console (26.4 to 26.7) loads and saves an extension tab in the realm the admin signed in to: from
     * the master realm's console another realm's OTP Guard tab holds the master realm's settings. The tab's Realm
     * field says whose they are, and a save meant for the other realm is refused naming both; neither realm changes.
     */
    @Test
    void fromTheMasterConsoleAnotherRealmsTabSaysWhoseSettingsItShowsAndRefusesToSave(Env env) throws Exception {
        String realm = newRealm(env);
        setAttributeLikeKcadm(env, realm, "otpGuard.smsPerRealmPerHour", "77");
        JsonNode masterBefore = env.admin.get("/admin/realms/master").path("attributes");
        WebDriver driver = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            signIn(driver, wait, env, "master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            openTab(driver, wait, env, "master", realm);
            awaitValue(wait, "realm", "master");

            type(field(driver, "sendsPerUserPerHour"), "3");
            save(driver);
            assertThat(awaitAlert(wait, "danger")).contains("settings of realm master, not of realm " + realm)
                    .contains("/admin/" + realm + "/console/");
        } finally {
            driver.quit();
        }
        assertThat(env.admin.get("/admin/realms/master").path("attributes").path("otpGuard.sendsPerUserPerHour"))
                .isEqualTo(masterBefore.path("otpGuard.sendsPerUserPerHour"));
        JsonNode attributes = env.admin.get("/admin/realms/" + realm).path("attributes");
        assertThat(attributes.path("otpGuard.smsPerRealmPerHour").asText()).isEqualTo("77");
        assertThat(attributes.has("otpGuard.sendsPerUserPerHour")).isFalse();
    }

    /** The permission checks themselves, over REST: view-realm reads, only manage-realm writes, nobody else sees. */
    @Test
    void onlyManageRealmChangesTheSettingsViewRealmReadsThemOthersSeeNothing(Env env) throws Exception {
        String realm = newRealm(env);
        env.admin.createUser(realm, "viewer", "viewer@example.test", null, null, "viewer-pass-1");
        env.admin.createUser(realm, "manager", "manager@example.test", null, null, "manager-pass-1");
        env.admin.createUser(realm, "nobody", "nobody@example.test", null, null, "nobody-pass-1");
        grantRealmManagementRole(env, realm, "viewer", "view-realm");
        grantRealmManagementRole(env, realm, "manager", "manage-realm");
        Admin viewer = env.admin.asUser(env.admin.userToken(realm, "viewer", "viewer-pass-1"));
        Admin manager = env.admin.asUser(env.admin.userToken(realm, "manager", "manager-pass-1"));
        Admin nobody = env.admin.asUser(env.admin.userToken(realm, "nobody", "nobody-pass-1"));

        JsonNode view = viewer.get(tabsPath(realm)).get(0);
        assertThat(view.path("providerId").asText()).isEqualTo(TAB_ID);
        ObjectNode change = view.deepCopy();
        ((ObjectNode) change.path("config")).putArray("sendsPerUserPerHour").add("4");

        assertThat(viewer.put(componentPath(realm, view), change).statusCode()).isEqualTo(403);
        assertThat(nobody.put(componentPath(realm, view), change).statusCode()).isEqualTo(403);
        assertThat(status(nobody, tabsPath(realm))).isEqualTo(403);
        assertThat(env.admin.get("/admin/realms/" + realm).path("attributes").has("otpGuard.sendsPerUserPerHour"))
                .isFalse();

        assertThat(manager.put(componentPath(realm, view), change).statusCode()).isEqualTo(204);
        assertThat(env.admin.get("/admin/realms/" + realm).path("attributes").path("otpGuard.sendsPerUserPerHour")
                .asText()).isEqualTo("4");
    }

    /**
     * A change through admin REST ({@code kcadm}, Terraform, the Events tab) shows in the tab at once, so a save
     * from the tab never quietly undoes it; an attribute OTP Guard ignores as unusable shows as the default it is.
     */
    @Test
    void changesMadeThroughTheRestApiShowInTheTab(Env env) throws Exception {
        String realm = newRealm(env);
        JsonNode view = tab(env, realm);
        assertThat(view.path("config").path("contactChangeListener").get(0).asText())
                .as("a new realm has its view from the start").isEqualTo("false");

        setAttributeLikeKcadm(env, realm, "otpGuard.sendsPerDestinationPerHour", "3");
        setAttributeLikeKcadm(env, realm, "otpGuard.sendsPerRealmPerHour", "lots");
        JsonNode eventsConfig = env.admin.get("/admin/realms/" + realm + "/events/config");
        ObjectNode withListener = eventsConfig.deepCopy();
        withListener.putArray("eventsListeners").add("jboss-logging").add(LISTENER);
        assertThat(env.admin.put("/admin/realms/" + realm + "/events/config", withListener).statusCode())
                .isEqualTo(204);

        JsonNode config = tab(env, realm).path("config");
        assertThat(config.path("sendsPerDestinationPerHour").get(0).asText()).isEqualTo("3");
        assertThat(config.has("sendsPerRealmPerHour")).as("an unusable value shows as the default that applies")
                .isFalse();
        assertThat(config.path("contactChangeListener").get(0).asText()).isEqualTo("true");
        assertThat(tab(env, realm).path("id").asText()).as("still one view").isEqualTo(view.path("id").asText());
        assertThat(env.admin.get(tabsPath(realm)).size()).isEqualTo(1);
    }

    /** Hostile and odd values through the same REST call the console makes: refused naming the field, or stored plain. */
    @Test
    void badValuesThroughRestAreRefusedNamingTheFieldAndGoodOnesAreStoredPlain(Env env) throws Exception {
        String realm = newRealm(env);
        JsonNode view = tab(env, realm);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("sendsPerUserPerHour", "-5");
        refused.put("sendsPerDestinationPerHour", "1e3");
        refused.put("sendsPerIpPerHour", "\u0663\u0660");
        refused.put("sendsPerRealmPerHour", "99999999999999999999999999");
        refused.put("smsPerRealmPerHour", "1000001");
        refused.put("failedCodesPerUserPerHour", "5 OR 1=1");
        refused.put("contactChangeListener", "yes");
        List<String> labels = List.of("Codes per user per hour", "Codes per address or number per hour",
                "Codes per client IP per hour", "Codes per realm per hour", "SMS budget per hour",
                "Wrong codes per user per hour", "Notify on contact changes from anywhere");
        int i = 0;
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            ObjectNode change = view.deepCopy();
            ((ObjectNode) change.path("config")).putArray(bad.getKey()).add(bad.getValue());
            HttpResponse<String> response = env.admin.put(componentPath(realm, view), change);
            assertThat(response.statusCode()).as(bad.getKey() + "=" + bad.getValue()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("errorMessage").asText()).as(bad.getKey())
                    .startsWith(labels.get(i++) + ":");
        }
        ObjectNode elsewhere = view.deepCopy();
        ((ObjectNode) elsewhere.path("config")).putArray("realm").add("master");
        ((ObjectNode) elsewhere.path("config")).putArray("sendsPerUserPerHour").add("2");
        HttpResponse<String> wrongRealm = env.admin.put(componentPath(realm, view), elsewhere);
        assertThat(wrongRealm.statusCode()).as("a save meant for another realm").isEqualTo(400);
        assertThat(JSON.readTree(wrongRealm.body()).path("errorMessage").asText())
                .startsWith("Realm: these are the settings of realm " + realm + ", not of realm master");
        assertThat(env.admin.get("/admin/realms/" + realm).path("attributes").fieldNames())
                .toIterable().noneMatch(name -> name.startsWith("otpGuard."));

        ObjectNode plain = view.deepCopy();
        ((ObjectNode) plain.path("config")).putArray("sendsPerUserPerHour").add(" 007 ");
        ((ObjectNode) plain.path("config")).putArray("smsPerRealmPerHour").add("1000");
        assertThat(env.admin.put(componentPath(realm, view), plain).statusCode()).isEqualTo(204);
        JsonNode attributes = env.admin.get("/admin/realms/" + realm).path("attributes");
        assertThat(attributes.path("otpGuard.sendsPerUserPerHour").asText()).isEqualTo("7");
        assertThat(attributes.has("otpGuard.smsPerRealmPerHour")).as("the default is no attribute").isFalse();

        ObjectNode second = JSON.createObjectNode().put("name", "another").put("providerId", TAB_ID)
                .put("providerType", TAB_TYPE).put("parentId", view.path("parentId").asText());
        second.putObject("config").putArray("sendsPerUserPerHour").add("2");
        HttpResponse<String> duplicate = env.admin.post("/admin/realms/" + realm + "/components", second);
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(duplicate.body()).path("errorMessage").asText()).contains("already");
        assertThat(env.admin.get("/admin/realms/" + realm).path("attributes").path("otpGuard.sendsPerUserPerHour")
                .asText()).isEqualTo("7");
    }

    // ---------------------------------------------------------------- helpers

    private static String newRealm(Env env) {
        String name = "settings-" + UUID.randomUUID().toString().substring(0, 8);
        env.admin.createRealm(JSON.createObjectNode().put("realm", name).put("enabled", true));
        return name;
    }

    /** What {@code kcadm.sh update realms/R -s 'attributes."name"=value'} does: read, change one entry, write back. */
    private static void setAttributeLikeKcadm(Env env, String realm, String name, String value) {
        ObjectNode representation = (ObjectNode) env.admin.get("/admin/realms/" + realm);
        ObjectNode attributes = representation.has("attributes") ? (ObjectNode) representation.get("attributes")
                : representation.putObject("attributes");
        attributes.put(name, value);
        HttpResponse<String> response = env.admin.put("/admin/realms/" + realm, representation);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /**
     * An admin of the realm itself, signing in to the realm's own console, with realm-management roles (the
     * console draws Realm settings for {@code view-realm}; {@code manage-realm} alone does not open it).
     */
    private static void realmAdmin(Env env, String realm, String... roles) {
        env.admin.createUser(realm, ADMIN, ADMIN + "@example.test", null, null, ADMIN_PASSWORD);
        for (String role : roles) {
            grantRealmManagementRole(env, realm, ADMIN, role);
        }
    }

    private static void grantRealmManagementRole(Env env, String realm, String username, String role) {
        String client = env.admin.get("/admin/realms/" + realm + "/clients?clientId=realm-management").get(0)
                .path("id").asText();
        JsonNode roleRep = env.admin.get("/admin/realms/" + realm + "/clients/" + client + "/roles/" + role);
        HttpResponse<String> response = env.admin.post("/admin/realms/" + realm + "/users/"
                + env.admin.userId(realm, username) + "/role-mappings/clients/" + client, List.of(roleRep));
        assertThat(response.statusCode()).isEqualTo(204);
    }

    private static String tabsPath(String realm) {
        return "/admin/realms/" + realm + "/components?type=" + TAB_TYPE;
    }

    private static String componentPath(String realm, JsonNode component) {
        return "/admin/realms/" + realm + "/components/" + component.path("id").asText();
    }

    private static JsonNode tab(Env env, String realm) {
        for (JsonNode component : env.admin.get(tabsPath(realm))) {
            if (TAB_ID.equals(component.path("providerId").asText())) {
                return component;
            }
        }
        throw new AssertionError("no OTP Guard settings view in realm " + realm);
    }

    private static int status(Admin as, String path) {
        try {
            as.get(path);
            return 200;
        } catch (IllegalStateException e) {
            return Integer.parseInt(e.getMessage().replaceAll("(?s).*?\\b(\\d{3})\\b.*", "$1"));
        }
    }

    private static List<String> listeners(JsonNode realm) {
        List<String> listeners = new ArrayList<>();
        realm.path("eventsListeners").forEach(listener -> listeners.add(listener.asText()));
        return listeners;
    }

    private static void signIn(WebDriver driver, WebDriverWait wait, Env env, String consoleRealm, String user,
                               String password) {
        driver.get(env.baseUrl() + "/admin/" + consoleRealm + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        // the console app has loaded once the login form is gone and its navigation is drawn
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("kc-login")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav")));
    }

    private static void openTab(WebDriver driver, WebDriverWait wait, Env env, String consoleRealm, String realm) {
        driver.get(env.baseUrl() + "/admin/" + consoleRealm + "/console/#/" + realm + "/realm-settings/" + TAB_ID);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='save']")));
    }

    private static WebElement field(WebDriver driver, String name) {
        return driver.findElement(By.cssSelector("input[data-testid='" + name + "']"));
    }

    private static void awaitValue(WebDriverWait wait, String name, String value) {
        wait.until(d -> value.equals(field(d, name).getAttribute("value")));
    }

    /** Replaces a field's text the way a person does (select all, type), so the console's form sees the change. */
    private static void type(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        input.sendKeys(text);
    }

    /** A switch's checkbox is drawn under its styled label; a click on it is what a person's click on the switch is. */
    private static void click(WebDriver driver, WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].click()", element);
    }

    private static void save(WebDriver driver) {
        driver.findElements(By.cssSelector("[class*='c-alert-group'] button[aria-label^='Close']"))
                .forEach(close -> click(driver, close));
        click(driver, driver.findElement(By.cssSelector("[data-testid='save']")));
    }

    /** The text of the newest alert of a kind ({@code success}, {@code danger}). */
    private static String awaitAlert(WebDriverWait wait, String kind) {
        return wait.until(d -> d.findElements(By.cssSelector("[class*='c-alert'][class*='pf-m-" + kind
                + "'] [class*='c-alert__title']")).stream().map(WebElement::getText).filter(t -> !t.isBlank())
                .reduce((first, last) -> last).orElse(null));
    }
}
