package dev.chatstream.security.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The key pair a newcomer's server signs and checks development tokens with, made on first start
 * and kept under the data folder so that tokens survive restarts.
 */
public final class DevSigningKey {

    public static final String ISSUER = "chatstream-dev";
    private static final String PRIVATE = "dev-jwt-private.pem";
    private static final String PUBLIC = "dev-jwt-public.pem";

    private DevSigningKey() {
    }

    /** The public key's file, made with its private twin if missing. */
    public static synchronized Path ensure(Path dataDir) {
        Path publicKey = dataDir.resolve(PUBLIC);
        Path privateKey = dataDir.resolve(PRIVATE);
        if (Files.exists(publicKey) && Files.exists(privateKey)) {
            return publicKey;
        }
        try {
            Files.createDirectories(dataDir);
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            privateKey.toFile().setReadable(false, false);
            privateKey.toFile().setReadable(true, true);
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return publicKey;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the development key under " + dataDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make the development key", e);
        }
    }

    public static PrivateKey privateKey(Path dataDir) {
        try {
            String pem = Files.readString(dataDir.resolve(PRIVATE), StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unreadable development key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
