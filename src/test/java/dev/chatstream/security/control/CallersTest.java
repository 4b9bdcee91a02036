package dev.chatstream.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Bearer tokens checked as MP-JWT checks them, and each verified once until it expires. */
class CallersTest {

    static final KeyPair RSA = pair("RSA", null);
    static final String ISSUER = "https://idp.example.com";
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    final MovableClock clock = new MovableClock(NOW);
    final AtomicInteger verifications = new AtomicInteger();

    Callers callers(TokenVerifier.Settings settings, JwtKeys keys, int maxEntries) {
        var verifier = new TokenVerifier(keys, settings, clock) {
            @Override
            public Verified verify(String token) {
                verifications.incrementAndGet();
                return super.verify(token);
            }
        };
        return new Callers(verifier, clock, maxEntries, "org_id", "clearance");
    }

    Callers callers() {
        return callers(settings(Set.of(), Optional.empty()), pemKeys(), 100);
    }

    static TokenVerifier.Settings settings(Set<String> audiences, Optional<Long> maxAge) {
        return new TokenVerifier.Settings("RS256", Optional.of(ISSUER), audiences, 60, maxAge);
    }

    JwtKeys pemKeys() {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(RSA.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return new JwtKeys(() -> pem, clock);
    }

    static Map<String, Object> claims(Map<String, Object> overrides) {
        var claims = new HashMap<String, Object>(Map.of("iss", ISSUER, "sub", "ada", "upn", "ada", "org_id", "acme",
                "clearance", 3, "groups", List.of("user", "admin"), "name", "Ada", "jti", "j1",
                "iat", NOW.getEpochSecond() - 10, "exp", NOW.getEpochSecond() + 300));
        claims.putAll(overrides);
        claims.values().removeIf(value -> value.equals("-"));
        return claims;
    }

    static String rs256(Map<String, Object> overrides) {
        return JwtSigner.sign(claims(overrides), RSA.getPrivate());
    }

    @Test
    void aValidTokenNamesItsCaller() {
        var caller = callers().of(rs256(Map.of()));
        assertEquals(new Owner("acme", "ada"), caller.owner());
        assertEquals(3, caller.clearance());
        assertTrue(caller.admin());
        assertEquals("Ada", caller.profile().name());
    }

    @Test
    void aTokenIsVerifiedOnceAndRefusedOnceItExpires() {
        var callers = callers();
        String token = rs256(Map.of());
        for (int i = 0; i < 5; i++) {
            callers.of(token);
        }
        assertEquals(1, verifications.get(), "the same raw token is verified once");
        clock.advance(Duration.ofSeconds(300 + 59));
        callers.of(token);
        assertEquals(1, verifications.get(), "still valid within the clock skew");
        clock.advance(Duration.ofSeconds(2));
        assertUnauthorized(() -> callers.of(token), "The bearer token has expired");
    }

    @Test
    void theCacheIsBounded() {
        var callers = callers(settings(Set.of(), Optional.empty()), pemKeys(), 10);
        var tokens = new java.util.ArrayList<String>();
        for (int i = 0; i < 50; i++) {
            tokens.add(rs256(Map.of("jti", "t" + i)));
            callers.of(tokens.get(i));
        }
        int before = verifications.get();
        tokens.forEach(callers::of);
        assertTrue(verifications.get() - before >= 40, "at most 10 of the 50 tokens were still kept");
        assertEquals(50, before, "each verified once on first use");
    }

    @Test
    void badTokensAreRefused() {
        var callers = callers();
        String valid = rs256(Map.of());
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(valid.lastIndexOf('.') + 5);
        assertUnauthorized(() -> callers.of(forged), "The bearer token is not valid");
        assertUnauthorized(() -> callers.of("not-a-jwt"), "The bearer token is not valid");
        assertUnauthorized(() -> callers.of(rs256(Map.of("iss", "https://evil.example.com"))), "The bearer token is not valid");
        assertUnauthorized(() -> callers.of(rs256(Map.of("exp", NOW.getEpochSecond() - 61))), "The bearer token has expired");
        assertUnauthorized(() -> callers.of(rs256(Map.of("nbf", NOW.getEpochSecond() + 120))), "The bearer token is not valid");
        for (String required : List.of("iss", "iat", "exp", "jti")) {
            assertUnauthorized(() -> callers.of(rs256(Map.of(required, "-"))), "The bearer token is not valid");
        }
        assertUnauthorized(() -> callers.of(rs256(Map.of("sub", "-", "upn", "-"))), "The bearer token is not valid");
        String unsigned = encode("{\"alg\":\"none\"}") + "." + valid.split("\\.")[1] + ".";
        assertUnauthorized(() -> callers.of(unsigned), "The bearer token is not valid");
        var otherKey = pair("RSA", null);
        assertUnauthorized(() -> callers.of(JwtSigner.sign(claims(Map.of()), otherKey.getPrivate())), "The bearer token is not valid");
        assertEquals(new Owner("acme", "ada"), callers.of(valid).owner(), "a refused token leaves the valid one alone");
    }

    @Test
    void audienceAndAgeAreCheckedWhenConfigured() {
        var callers = callers(settings(Set.of("chatstream"), Optional.of(3600L)), pemKeys(), 100);
        assertUnauthorized(() -> callers.of(rs256(Map.of())), "The bearer token is not valid");
        assertUnauthorized(() -> callers.of(rs256(Map.of("aud", "other"))), "The bearer token is not valid");
        assertEquals("ada", callers.of(rs256(Map.of("aud", "chatstream"))).owner().userId());
        assertEquals("ada", callers.of(rs256(Map.of("aud", List.of("other", "chatstream")))).owner().userId());
        assertUnauthorized(() -> callers.of(rs256(Map.of("aud", "chatstream", "iat", NOW.getEpochSecond() - 7200))),
                "The bearer token has expired");
        String ageing = rs256(Map.of("aud", "chatstream", "iat", NOW.getEpochSecond() - 3500, "exp", NOW.getEpochSecond() + 86400));
        assertEquals("ada", callers.of(ageing).owner().userId());
        clock.advance(Duration.ofSeconds(100 + 61));
        assertUnauthorized(() -> callers.of(ageing), "The bearer token has expired");
    }

    @Test
    void es256TokensAreCheckedWithTheJwkSetKeyTheyName() {
        var ec = pair("EC", "secp256r1");
        var point = ((ECPublicKey) ec.getPublic()).getW();
        String jwks = "{\"keys\":[" + jwk("other", pair("EC", "secp256r1")) + "," + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k2\",\"x\":\""
                + coordinate(point.getAffineX()) + "\",\"y\":\"" + coordinate(point.getAffineY()) + "\"}]}";
        var callers = callers(new TokenVerifier.Settings("ES256", Optional.of(ISSUER), Set.of(), 60, Optional.empty()),
                new JwtKeys(() -> jwks, clock), 100);
        assertEquals("ada", callers.of(es256("k2", ec.getPrivate())).owner().userId());
        assertUnauthorized(() -> callers.of(es256("other", ec.getPrivate())), "The bearer token is not valid");
        assertUnauthorized(() -> callers.of(rs256(Map.of())), "The bearer token is not valid");
    }

    static String jwk(String kid, KeyPair pair) {
        var point = ((ECPublicKey) pair.getPublic()).getW();
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\"" + coordinate(point.getAffineX())
                + "\",\"y\":\"" + coordinate(point.getAffineY()) + "\"}";
    }

    static String es256(String kid, PrivateKey key) {
        String header = encode("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}");
        String payload = JwtSigner.sign(claims(Map.of()), RSA.getPrivate()).split("\\.")[1];
        try {
            var signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key);
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String coordinate(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(bytes, Math.max(0, bytes.length - 32), fixed, Math.max(0, 32 - bytes.length), Math.min(32, bytes.length));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static void assertUnauthorized(Runnable call, String detail) {
        var problem = assertThrows(ProblemException.class, call::run);
        assertEquals(401, problem.status());
        assertEquals(detail, problem.getMessage());
    }

    static KeyPair pair(String algorithm, String curve) {
        try {
            var generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
