package dev.chatstream.security.control;

import dev.chatstream.platform.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The keys tokens are checked with, as {@code mp.jwt.verify.publickey} (the key itself) or
 * {@code mp.jwt.verify.publickey.location} (a file, {@code classpath:} resource or http(s) URL)
 * give them: a PEM public key or certificate, bare Base64 DER, a JWK or a JWK set. Read once; read
 * again when a token names a key id not seen yet (the IdP rotated its keys), at most once a minute.
 */
public final class JwtKeys {

    private static final Duration RELOAD_AFTER = Duration.ofMinutes(1);
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final Supplier<String> source;
    private final Clock clock;
    private volatile Map<String, PublicKey> byId;
    private volatile long loadedAtMillis;

    public JwtKeys(Supplier<String> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** From the key's text, or from where it is; exactly one of the two. */
    public static JwtKeys configured(String key, String location, Clock clock) {
        if (key != null && !key.isBlank()) {
            return new JwtKeys(() -> key, clock);
        }
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("Neither mp.jwt.verify.publickey nor mp.jwt.verify.publickey.location is set");
        }
        return new JwtKeys(() -> read(location), clock);
    }

    /** The key with id {@code keyId}; without one, the only (or first) key. */
    public PublicKey key(String keyId, String algorithm) {
        var keys = loaded();
        PublicKey key = keyId == null ? null : keys.get(keyId);
        if (key == null && keyId != null && clock.millis() - loadedAtMillis > RELOAD_AFTER.toMillis()) {
            keys = load();
            key = keys.get(keyId);
        }
        if (key == null && (keyId == null || keys.size() == 1)) {
            key = keys.values().stream().findFirst().orElse(null);
        }
        if (key == null) {
            throw new TokenVerifier.InvalidToken("no key " + keyId);
        }
        if (!key.getAlgorithm().equals(algorithm.startsWith("ES") ? "EC" : "RSA")) {
            throw new TokenVerifier.InvalidToken("the key does not fit " + algorithm);
        }
        return key;
    }

    private Map<String, PublicKey> loaded() {
        var keys = byId;
        return keys != null ? keys : load();
    }

    private synchronized Map<String, PublicKey> load() {
        var keys = parse(source.get().trim());
        byId = keys;
        loadedAtMillis = clock.millis();
        return keys;
    }

    /** Keys by id; a key without one under its position. */
    static Map<String, PublicKey> parse(String text) {
        var keys = new LinkedHashMap<String, PublicKey>();
        try {
            if (text.startsWith("{")) {
                JsonObject json;
                try (var reader = Json.JSON_P.createReader(new StringReader(text))) {
                    json = reader.readObject();
                }
                var list = json.containsKey("keys") ? json.getJsonArray("keys").getValuesAs(JsonObject.class)
                        : java.util.List.of(json);
                for (JsonObject jwk : list) {
                    if (!"enc".equals(jwk.getString("use", "sig"))) {
                        keys.put(jwk.getString("kid", "#" + keys.size()), jwk(jwk));
                    }
                }
            } else if (text.contains("BEGIN CERTIFICATE")) {
                var certificate = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
                keys.put("#0", certificate.getPublicKey());
            } else {
                byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
                keys.put("#0", spki(der));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("The configured JWT verification key cannot be read", e);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("The configured JWT verification key set has no signing key");
        }
        return keys;
    }

    private static PublicKey spki(byte[] der) throws GeneralSecurityException {
        var spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    private static PublicKey jwk(JsonObject jwk) throws GeneralSecurityException {
        return switch (jwk.getString("kty", "")) {
            case "RSA" -> KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    unsigned(jwk.getString("n")), unsigned(jwk.getString("e"))));
            case "EC" -> {
                String curve = switch (jwk.getString("crv", "")) {
                    case "P-256" -> "secp256r1";
                    case "P-384" -> "secp384r1";
                    case "P-521" -> "secp521r1";
                    default -> throw new GeneralSecurityException("unsupported curve " + jwk.getString("crv", ""));
                };
                var parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(curve));
                var point = new ECPoint(unsigned(jwk.getString("x")), unsigned(jwk.getString("y")));
                yield KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
            }
            default -> throw new GeneralSecurityException("unsupported key type " + jwk.getString("kty", ""));
        };
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, BASE64URL.decode(base64url));
    }

    private static String read(String location) {
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                var response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                return response.body();
            }
            if (location.startsWith("classpath:")) {
                try (var in = Thread.currentThread().getContextClassLoader()
                        .getResourceAsStream(location.substring("classpath:".length()).replaceFirst("^/", ""))) {
                    if (in == null) {
                        throw new IOException("no such resource");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWT verification key from " + location, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the JWT verification key", e);
        }
    }
}
