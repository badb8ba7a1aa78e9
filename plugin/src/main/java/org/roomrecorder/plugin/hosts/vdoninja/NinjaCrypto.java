package org.roomrecorder.plugin.hosts.vdoninja;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * VDO.Ninja's room password scheme, as the original recorder implements it (seed-system notes §1.3, §1.8): the key
 * is SHA-256 of the UTF-8 text {@code password + salt} (so AES-256, no key stretching), each encrypted field is
 * AES-CBC with a fresh random IV and PKCS#7 padding, sent as lowercase hex with the IV, also hex, in a top-level
 * {@code vector}. The same phrase hashes the room name and suffixes stream ids. Only compatibility is the aim here:
 * this scheme has no integrity check, so a wrong password usually shows as bad padding or as text that is not JSON.
 */
final class NinjaCrypto {
    private static final HexFormat HEX = HexFormat.of();
    private static final int IV_BYTES = 16;

    private final SecretKeySpec key;
    private final String phrase;
    private final SecureRandom random = new SecureRandom();

    NinjaCrypto(String password, String salt) {
        this.phrase = password + salt;
        this.key = new SecretKeySpec(sha256(phrase), "AES");
    }

    /** An encrypted field: the ciphertext and the IV, both lowercase hex. */
    record Sealed(String ciphertext, String vector) {
    }

    Sealed encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            return new Sealed(HEX.formatHex(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8))),
                    HEX.formatHex(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is not available in this JVM", e);
        }
    }

    /**
     * The plaintext of one field.
     *
     * @throws BadMessage if the hex is malformed or the padding is wrong (usually: another password)
     */
    String decrypt(String ciphertext, String vector) throws BadMessage {
        byte[] data;
        byte[] iv;
        try {
            data = HEX.parseHex(ciphertext);
            iv = HEX.parseHex(vector);
        } catch (IllegalArgumentException e) {
            throw new BadMessage("an encrypted field or its vector is not hex");
        }
        if (iv.length != IV_BYTES || data.length == 0 || data.length % IV_BYTES != 0) {
            throw new BadMessage("an encrypted field has a vector of " + iv.length + " bytes and " + data.length
                    + " bytes of ciphertext; expected 16 and a multiple of 16");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return new String(cipher.doFinal(data), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new BadMessage("cannot decrypt it: is the room password (and salt) the publisher's?");
        }
    }

    /** The 6-hex-character suffix VDO.Ninja appends to stream ids in a password-protected room. */
    String streamSuffix() {
        return hash(phrase, 6);
    }

    /** The room id on the wire: 16 hex characters of SHA-256 over {@code room + password + salt}. */
    String roomId(String room) {
        return hash(room + phrase, 16);
    }

    /** The first {@code chars / 2} bytes of SHA-256 over the UTF-8 text, as {@code chars} lowercase hex digits. */
    static String hash(String text, int chars) {
        return HEX.formatHex(sha256(text)).substring(0, chars);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
