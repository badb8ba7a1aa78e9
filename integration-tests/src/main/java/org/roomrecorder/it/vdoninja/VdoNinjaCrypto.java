package org.roomrecorder.it.vdoninja;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * VDO.Ninja's password scheme as a publisher applies it (seed-system-raspberry-ninja.md §1.3, §1.8): the key is
 * SHA-256 of {@code password + salt} (so AES-256), each encrypted field is AES-CBC with PKCS#7 padding under a fresh
 * 16-byte IV, sent as lowercase hex with the IV in {@code vector}; stream ids get 6 hex characters of SHA-256 of the
 * same phrase appended, and the room id becomes 16 hex characters of SHA-256 of {@code room + password + salt}.
 * Written from that description, so that the tests check the adapter against the scheme, not against itself.
 */
public final class VdoNinjaCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final String password;
    private final String salt;
    private final SecretKeySpec key;

    public VdoNinjaCrypto(String password, String salt) {
        this.password = password;
        this.salt = salt;
        this.key = new SecretKeySpec(sha256(password + salt), "AES");
    }

    /** One encrypted field: the ciphertext and the IV, both lowercase hex. */
    public record Sealed(String hex, String vector) {
    }

    /** The 6-hex suffix every stream id of this password carries on the wire. */
    public String streamSuffix() {
        return hash(password + salt, 6);
    }

    /** The room id on the wire. */
    public String roomId(String room) {
        return hash(room + password + salt, 16);
    }

    /** Encrypts the JSON text of a field's value. */
    public Sealed encrypt(String json) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS5 in JCA names is PKCS#7 for AES
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            return new Sealed(HEX.formatHex(cipher.doFinal(json.getBytes(StandardCharsets.UTF_8))), HEX.formatHex(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is in every JDK", e);
        }
    }

    /** Decrypts a field; throws {@link GeneralSecurityException} (or {@link IllegalArgumentException} for bad hex). */
    public String decrypt(String hex, String vector) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(HEX.parseHex(vector)));
        return new String(cipher.doFinal(HEX.parseHex(hex)), StandardCharsets.UTF_8);
    }

    /** The first {@code length / 2} bytes of SHA-256 of {@code text}, as {@code length} lowercase hex characters. */
    static String hash(String text, int length) {
        return HEX.formatHex(sha256(text)).substring(0, length);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
