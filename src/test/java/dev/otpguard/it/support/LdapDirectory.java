package dev.otpguard.it.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.net.InetAddress;
import java.time.Duration;

/**
 * A real LDAP directory in the test JVM (UnboundID's in-memory server, standard schema with inetOrgPerson), on a
 * free loopback port, and the realm-import JSON of a Keycloak LDAP user federation that reads it: users from
 * {@code ou=people}, their phone number from {@code telephoneNumber} into {@code phone_number}, as directories
 * that provision numbers do.
 */
public final class LdapDirectory implements AutoCloseable {

    public static final String BASE_DN = "dc=example,dc=test";
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    private static final String BIND_DN = "cn=keycloak," + BASE_DN;
    private static final String BIND_PASSWORD = "directory-secret-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryDirectoryServer server;
    private final Duration setupTime;

    public LdapDirectory() {
        long started = System.nanoTime();
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getLoopbackAddress(), 0, null));
            server = new InMemoryDirectoryServer(config);
            server.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: example");
            server.add("dn: " + PEOPLE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
            server.startListening();
        } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
            throw new IllegalStateException("the in-memory LDAP directory did not start", e);
        }
        setupTime = Duration.ofNanos(System.nanoTime() - started);
    }

    /** From the constructor's start to a directory that answers on its port. */
    public Duration setupTime() {
        return setupTime;
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    /** A person as a directory provisions one: name, mail, password and (when given) a phone number. */
    public void addPerson(String uid, String email, String phone, String password) {
        try {
            if (phone == null) {
                server.add("dn: uid=" + uid + "," + PEOPLE_DN, "objectClass: top", "objectClass: person",
                        "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid,
                        "cn: Test", "sn: " + uid, "mail: " + email, "userPassword: " + password);
            } else {
                server.add("dn: uid=" + uid + "," + PEOPLE_DN, "objectClass: top", "objectClass: person",
                        "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid,
                        "cn: Test", "sn: " + uid, "mail: " + email, "userPassword: " + password,
                        "telephoneNumber: " + phone);
            }
        } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
            throw new IllegalStateException("could not add " + uid + " to the directory", e);
        }
    }

    /** Changes a person's number in the directory, as an HR system would. */
    public void changePhone(String uid, String phone) {
        try {
            server.modify("uid=" + uid + "," + PEOPLE_DN,
                    new Modification(ModificationType.REPLACE, "telephoneNumber", phone));
        } catch (LDAPException e) {
            throw new IllegalStateException("could not change the number of " + uid, e);
        }
    }

    /**
     * The realm's {@code components} entry: an LDAP federation in UNSYNCED mode (Keycloak keeps its own attributes
     * locally, the directory's stay as they are) with import, no cache (so a change in the
     * directory is read at the next lookup), and the mappers for username, names, mail and phone number.
     */
    public ObjectNode federationComponents() {
        return federationComponents("UNSYNCED");
    }

    /** The same in another edit mode: READ_ONLY (Keycloak stores no attribute of its own), UNSYNCED, WRITABLE. */
    public ObjectNode federationComponents(String editMode) {
        ObjectNode components = JSON.createObjectNode();
        ObjectNode ldap = components.putArray("org.keycloak.storage.UserStorageProvider").addObject();
        ldap.put("name", "directory").put("providerId", "ldap");
        ObjectNode config = ldap.putObject("config");
        single(config, "enabled", "true");
        single(config, "priority", "0");
        single(config, "editMode", editMode);
        single(config, "vendor", "other");
        single(config, "connectionUrl", url());
        single(config, "usersDn", PEOPLE_DN);
        single(config, "bindDn", BIND_DN);
        single(config, "bindCredential", BIND_PASSWORD);
        single(config, "authType", "simple");
        single(config, "usernameLDAPAttribute", "uid");
        single(config, "rdnLDAPAttribute", "uid");
        single(config, "uuidLDAPAttribute", "entryUUID");
        single(config, "userObjectClasses", "inetOrgPerson, organizationalPerson");
        single(config, "searchScope", "1");
        single(config, "importEnabled", "true");
        single(config, "syncRegistrations", "false");
        single(config, "pagination", "false");
        single(config, "connectionPooling", "false");
        single(config, "useTruststoreSpi", "never");
        single(config, "cachePolicy", "NO_CACHE");
        single(config, "fullSyncPeriod", "-1");
        single(config, "changedSyncPeriod", "-1");
        single(config, "trustEmail", "true");
        ArrayNode mappers = ldap.putObject("subComponents")
                .putArray("org.keycloak.storage.ldap.mappers.LDAPStorageMapper");
        mapper(mappers, "username", "uid", "username", true);
        mapper(mappers, "email", "mail", "email", false);
        mapper(mappers, "first name", "cn", "firstName", true);
        mapper(mappers, "last name", "sn", "lastName", true);
        mapper(mappers, "phone number", "telephoneNumber", "phone_number", false);
        return components;
    }

    private static void mapper(ArrayNode mappers, String name, String ldapAttribute, String userAttribute,
                               boolean mandatory) {
        ObjectNode mapper = mappers.addObject().put("name", name).put("providerId", "user-attribute-ldap-mapper");
        ObjectNode config = mapper.putObject("config");
        single(config, "ldap.attribute", ldapAttribute);
        single(config, "user.model.attribute", userAttribute);
        single(config, "read.only", "true");
        single(config, "always.read.value.from.ldap", "true");
        single(config, "is.mandatory.in.ldap", Boolean.toString(mandatory));
    }

    private static void single(ObjectNode config, String key, String value) {
        config.putArray(key).add(value);
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
