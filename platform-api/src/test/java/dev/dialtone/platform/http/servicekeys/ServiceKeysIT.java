package dev.dialtone.platform.http.servicekeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.security.JwtSigner;
import dev.dialtone.platform.security.RsaKeys;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.CompatForms;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Service-account keys end to end: native management, the original's RoleSystem methods, JWTs on /platform_api. */
class ServiceKeysIT {
    private static TestNode node;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(new BracketChecker());
        keyA = node.createAccount("keys-a");
        keyB = node.createAccount("keys-b");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static JwtSigner signer(JsonObject credentials) {
        return JwtSigner.fromCredentials(credentials.getLong("account_id"), credentials.getString("key_id"),
                credentials.getString("private_key"));
    }

    private static String jwt(JsonObject credentials) {
        long now = System.currentTimeMillis() / 1000;
        return signer(credentials).sign(now, 64);
    }

    /** A call as the original's clients make it: multipart with cmd, Authorization: Bearer JWT. */
    private static HttpResponse<String> call(String token, String cmd, Map<String, String> params) throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cmd", cmd);
        all.putAll(params);
        return node.send(CompatForms.multipart(node.request(null, "/platform_api").header("Authorization", "Bearer " + token), all)
                .build());
    }

    private static JsonObject error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getJsonObject("error");
    }

    @Test
    void nativeApiCreatesListsChangesAndDeletesKeys() throws Exception {
        HttpResponse<String> created = node.post(keyA, "/api/v1/service-keys", "{\"name\":\"ci\",\"description\":\"deploys\",\"role\":\"owner\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject credentials = new JsonObject(created.body());
        assertThat(credentials.fieldNames()).containsExactlyInAnyOrder("account_id", "key_id", "private_key");
        assertThat(credentials.getString("key_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(credentials.getString("private_key")).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(RsaKeys.privateKeyFromPem(credentials.getString("private_key")).getAlgorithm()).isEqualTo("RSA");
        String id = credentials.getString("key_id");
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/service-keys/" + id);

        JsonObject view = new JsonObject(node.get(keyA, "/api/v1/service-keys/" + id).body());
        assertThat(view.getString("name")).isEqualTo("ci");
        assertThat(view.getString("role")).isEqualTo("owner");
        assertThat(view.encode()).doesNotContain("PRIVATE");
        JsonObject list = new JsonObject(node.get(keyA, "/api/v1/service-keys").body());
        assertThat(list.getJsonArray("service_keys").stream().map(o -> ((JsonObject) o).getString("key_id")).toList()).contains(id);

        assertThat(node.get(keyB, "/api/v1/service-keys/" + id).statusCode()).isEqualTo(404);
        assertThat(node.delete(keyB, "/api/v1/service-keys/" + id).statusCode()).isEqualTo(404);
        assertThat(node.patch(keyA, "/api/v1/service-keys/" + id, "{\"role\":\"god\"}").statusCode()).isEqualTo(400);
        assertThat(node.patch(keyA, "/api/v1/service-keys/" + id, "{\"colour\":\"red\"}").statusCode()).isEqualTo(400);
        assertThat(node.post(keyA, "/api/v1/service-keys", "{\"name\":\"bad\\u0007\"}").statusCode()).isEqualTo(400);
        JsonObject patched = new JsonObject(node.patch(keyA, "/api/v1/service-keys/" + id, "{\"role\":\"read_only\",\"name\":\"ci2\"}").body());
        assertThat(patched.getString("role")).isEqualTo("read_only");
        assertThat(patched.getString("name")).isEqualTo("ci2");

        assertThat(node.delete(keyA, "/api/v1/service-keys/" + id).statusCode()).isEqualTo(204);
        assertThat(node.get(keyA, "/api/v1/service-keys/" + id).statusCode()).isEqualTo(404);
        // without a role a key reads only
        JsonObject plain = new JsonObject(node.post(keyA, "/api/v1/service-keys", "").body());
        assertThat(new JsonObject(node.get(keyA, "/api/v1/service-keys/" + plain.getString("key_id")).body()).getString("role"))
                .isEqualTo("read_only");
    }

    @Test
    void aJwtSignedWithAKeyAuthenticatesBothFaces() throws Exception {
        JsonObject credentials = node.createServiceKey(keyA, "owner");
        HttpResponse<String> added = call(jwt(credentials), "AddApplication", Map.of("application_name", "viajwt"));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(new JsonObject(added.body()).getString("application_name")).isEqualTo("viajwt.keys-a.dialtone.local");
        HttpResponse<String> perMethod = node.send(CompatForms.urlencoded(node.request(null, "/platform_api/GetApplications")
                .header("Authorization", "Bearer " + jwt(credentials)), Map.of("application_name", "viajwt")).build());
        assertThat(new JsonObject(perMethod.body()).getInteger("total_count")).isEqualTo(1);
        // the key acts for its own account only
        HttpResponse<String> asB = node.send(CompatForms.urlencoded(node.request(null, "/platform_api/GetApplications"),
                Map.of("account_name", "keys-b", "api_key", keyB, "application_name", "viajwt")).build());
        assertThat(new JsonObject(asB.body()).getInteger("total_count")).isZero();
    }

    @Test
    void aReadOnlyKeyReadsButIsRefusedEveryWrite() throws Exception {
        JsonObject credentials = node.createServiceKey(keyA, "read_only");
        assertThat(new JsonObject(call(jwt(credentials), "GetApplications", Map.of()).body()).containsKey("result")).isTrue();
        assertThat(new JsonObject(call(jwt(credentials), "GetKeys", Map.of()).body()).containsKey("result")).isTrue();
        for (String write : new String[] {"AddApplication", "DelApplication", "CreateKey", "SetKeyRoles", "DeleteKey"}) {
            HttpResponse<String> r = call(jwt(credentials), write, Map.of("application_name", "nope"));
            assertThat(r.statusCode()).as(write).isEqualTo(403);
            assertThat(error(r).getInteger("code")).isEqualTo(100);
            assertThat(error(r).getString("msg")).startsWith("Access denied").contains("ReadOnly").contains(write);
        }
        assertThat(new JsonObject(node.get(keyA, "/api/v1/applications?name=nope").body()).getInteger("total")).isZero();
    }

    @Test
    void aDeletedKeyIsRefusedAtOnce() throws Exception {
        JsonObject credentials = node.createServiceKey(keyA, "owner");
        for (int i = 0; i < 3; i++) { // cached after the first call
            assertThat(call(jwt(credentials), "GetApplications", Map.of()).statusCode()).isEqualTo(200);
        }
        assertThat(node.delete(keyA, "/api/v1/service-keys/" + credentials.getString("key_id")).statusCode()).isEqualTo(204);
        HttpResponse<String> after = call(jwt(credentials), "GetApplications", Map.of());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(error(after).getString("msg"))
                .isEqualTo("Authorization failed: no service-account key with the JWT's 'kid' belongs to the account in 'iss'");
    }

    @Test
    void aRoleChangeAppliesToTheNextRequest() throws Exception {
        JsonObject owner = node.createServiceKey(keyA, "owner");
        JsonObject other = node.createServiceKey(keyA, "owner");
        assertThat(call(jwt(other), "AddApplication", Map.of("application_name", "before")).statusCode()).isEqualTo(200);
        HttpResponse<String> set = call(jwt(owner), "SetKeyRoles", Map.of("key_id", other.getString("key_id"), "role_name", "ReadOnly"));
        assertThat(new JsonObject(set.body()).getInteger("result")).as(set.body()).isEqualTo(1);
        assertThat(call(jwt(other), "AddApplication", Map.of("application_name", "after")).statusCode()).isEqualTo(403);
        call(jwt(owner), "SetKeyRoles", Map.of("key_id", other.getString("key_id"), "role_id", "1"));
        assertThat(call(jwt(other), "AddApplication", Map.of("application_name", "after")).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherAccountsKeyGetsTheSameAnswerAsAnUnknownKey() throws Exception {
        JsonObject ofB = node.createServiceKey(keyB, "owner");
        JsonObject ofA = node.createServiceKey(keyA, "owner");
        long now = System.currentTimeMillis() / 1000;
        // B's real key, signing correctly, but claiming to act for A
        String claimsA = JwtSigner.fromCredentials(ofA.getLong("account_id"), ofB.getString("key_id"), ofB.getString("private_key"))
                .sign(now, 64);
        String unknown = JwtSigner.fromCredentials(ofA.getLong("account_id"), "00000000-0000-4000-8000-000000000000",
                ofA.getString("private_key")).sign(now, 64);
        HttpResponse<String> r1 = call(claimsA, "GetApplications", Map.of());
        HttpResponse<String> r2 = call(unknown, "GetApplications", Map.of());
        assertThat(r1.statusCode()).isEqualTo(401);
        assertThat(r1.body()).isEqualTo(r2.body());
    }

    @Test
    void badTokensAreRefusedInTheOriginalsShapeWithAClearMessage() throws Exception {
        JsonObject credentials = node.createServiceKey(keyA, "owner");
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> expectations = Map.of(
                signer(credentials).sign(now - 3600, 64), "expired",
                signer(credentials).sign(now, 7200), "at most 3600 s",
                signer(credentials).sign(now + 600, 64), "in the future",
                "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("{\"iss\":" + credentials.getLong("account_id") + ",\"iat\":" + now + ",\"exp\":" + (now + 60) + "}").getBytes())
                        + ".AAAA", "alg 'none'",
                "not.a.jwt", "base64url");
        expectations.forEach((token, message) -> {
            try {
                HttpResponse<String> r = call(token, "GetApplications", Map.of());
                assertThat(r.statusCode()).as(message).isEqualTo(401);
                assertThat(error(r).getInteger("code")).isEqualTo(100);
                assertThat(error(r).getString("msg")).startsWith("Authorization failed: ").contains(message);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void theOriginalsRoleSystemMethodsManageKeys() throws Exception {
        Map<String, String> auth = Map.of("account_name", "keys-b", "api_key", keyB);
        JsonObject created = compat("CreateKey", auth, Map.of("key_name", "from-compat", "role_name", "Owner", "description", "d"));
        JsonArray result = created.getJsonArray("result");
        assertThat(result).as(created.encode()).hasSize(1);
        JsonObject info = result.getJsonObject(0);
        assertThat(info.fieldNames()).containsExactlyInAnyOrder("account_id", "key_id", "private_key");
        String id = info.getString("key_id");
        assertThat(call(jwt(info), "GetApplications", Map.of()).statusCode()).isEqualTo(200);

        JsonObject keys = compat("GetKeys", auth, Map.of("key_id", id, "with_roles", "true"));
        JsonObject view = keys.getJsonArray("result").getJsonObject(0);
        assertThat(view.getString("key_name")).isEqualTo("from-compat");
        assertThat(view.getJsonArray("roles").getJsonObject(0).getString("role_name")).isEqualTo("Owner");
        assertThat(compat("UpdateKey", auth, Map.of("key_id", id, "description", "new")).getInteger("result")).isEqualTo(1);
        assertThat(compat("RemoveKeyRoles", auth, Map.of("key_id", id, "role_name", "Owner")).getInteger("result")).isEqualTo(1);
        assertThat(compat("GetKeyRoles", auth, Map.of("key_id", id)).getJsonArray("result").getJsonObject(0).getString("role_name"))
                .isEqualTo("ReadOnly");
        assertThat(compat("SetKeyRoles", auth, Map.of("key_id", id, "role_name", "Wizard")).getJsonObject("error").getString("msg"))
                .contains("unknown role");
        assertThat(compat("GetRoles", auth, Map.of()).getJsonArray("result")).hasSize(2);
        assertThat(compat("DeleteKey", auth, Map.of("key_id", id)).getInteger("result")).isEqualTo(1);
        assertThat(compat("GetKeys", auth, Map.of("key_id", id)).getInteger("total_count")).isZero();
        assertThat(compat("DeleteKey", auth, Map.of("key_id", id)).getJsonObject("error").getInteger("code")).isEqualTo(101);
    }

    @Test
    void onlyThePublicKeyIsStored() throws Exception {
        JsonObject credentials = node.createServiceKey(keyA, "owner");
        var privateKey = (java.security.interfaces.RSAPrivateCrtKey) RsaKeys.privateKeyFromPem(credentials.getString("private_key"));
        try (Connection c = node.database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select * from service_keys where key_id = '" + credentials.getString("key_id") + "'")) {
            assertThat(rs.next()).isTrue();
            byte[] stored = rs.getBytes("public_key");
            var publicKey = RsaKeys.publicKey(stored);
            assertThat(publicKey.getModulus()).isEqualTo(privateKey.getModulus());
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String value = rs.getString(i);
                assertThat(value == null ? "" : value).doesNotContain("PRIVATE")
                        .doesNotContain(privateKey.getPrivateExponent().toString(16));
            }
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(7);
        }
    }

    private static JsonObject compat(String method, Map<String, String> auth, Map<String, String> params) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(auth);
        all.putAll(params);
        return new JsonObject(node.send(CompatForms.urlencoded(node.request(null, "/platform_api/" + method), all).build()).body());
    }
}
