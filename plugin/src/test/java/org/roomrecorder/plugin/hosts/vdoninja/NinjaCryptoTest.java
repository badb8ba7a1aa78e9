package org.roomrecorder.plugin.hosts.vdoninja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The password scheme against the reference's description (seed-system notes §1.3, §1.8). The known answers were
 * computed outside Java, with sha256sum and {@code openssl enc -aes-256-cbc -K <sha256(password+salt)> -iv
 * 000102...0f}, and the interop checks run the scheme as the reference states it with plain javax.crypto.
 */
@DisplayName("VDO.Ninja's password scheme")
class NinjaCryptoTest {
    private static final String PASSWORD = "someEncryptionKey123";
    private static final String SALT = "vdo.ninja";
    private static final String PLAINTEXT = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}";
    private static final String IV = "000102030405060708090a0b0c0d0e0f";
    private static final String CIPHERTEXT = "e6e3b01add0693c318f82913da88759f4ce2aff7724171e27f88329a14ba43f3"
            + "4af6dff434f68f88b0681754a7a1f64b";

    private final NinjaCrypto crypto = new NinjaCrypto(PASSWORD, SALT);

    @Test
    @DisplayName("hashes stream ids (6 hex) and room ids (16 hex) from the password and salt")
    void hashes() {
        assertEquals("808d64", crypto.streamSuffix());
        assertEquals("2f1a0139acdd5bdc", crypto.roomId("myroom"));
        assertEquals("37ed63206cdbaf3f6675549dadf40ba61f411d59ec57ec7c12e439a317d5d39b",
                NinjaCrypto.hash("secretpepper", 64));
    }

    @Test
    @DisplayName("decrypts a known ciphertext made by OpenSSL with key SHA-256(password + salt)")
    void knownAnswer() throws Exception {
        assertEquals(PLAINTEXT, crypto.decrypt(CIPHERTEXT, IV));
    }

    @Test
    @DisplayName("encrypts so that the reference scheme, written out with javax.crypto, decrypts it")
    void encryptsInterop() throws Exception {
        NinjaCrypto.Sealed sealed = crypto.encrypt(PLAINTEXT);
        assertTrue(sealed.ciphertext().matches("[0-9a-f]+") && sealed.vector().matches("[0-9a-f]{32}"));
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, referenceKey(PASSWORD + SALT),
                new IvParameterSpec(HexFormat.of().parseHex(sealed.vector())));
        assertEquals(PLAINTEXT, new String(cipher.doFinal(HexFormat.of().parseHex(sealed.ciphertext())),
                StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("decrypts what the reference scheme encrypts, unicode included, and uses a fresh IV every time")
    void decryptsInterop() throws Exception {
        String text = "{\"sdp\":\"a=label:Ĳsselmeer 🎥\"}";
        byte[] iv = HexFormat.of().parseHex("f0e0d0c0b0a090807060504030201000");
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, referenceKey(PASSWORD + SALT), new IvParameterSpec(iv));
        String hex = HexFormat.of().formatHex(cipher.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(text, crypto.decrypt(hex, HexFormat.of().formatHex(iv)));
        assertNotEquals(crypto.encrypt(text).vector(), crypto.encrypt(text).vector());
    }

    @Test
    @DisplayName("refuses ciphertext of another password, bad hex and wrong lengths with a BadMessage")
    void refusesBadCiphertext() {
        NinjaCrypto other = new NinjaCrypto("another", SALT);
        NinjaCrypto.Sealed sealed = other.encrypt(PLAINTEXT);
        BadMessage wrong = assertThrows(BadMessage.class, () -> crypto.decrypt(sealed.ciphertext(), sealed.vector()));
        assertTrue(wrong.getMessage().contains("password"), wrong.getMessage());
        assertThrows(BadMessage.class, () -> crypto.decrypt("zz", IV));
        assertThrows(BadMessage.class, () -> crypto.decrypt(CIPHERTEXT, "0001"));
        assertThrows(BadMessage.class, () -> crypto.decrypt(CIPHERTEXT.substring(2), IV));
        assertThrows(BadMessage.class, () -> crypto.decrypt("", IV));
    }

    private static SecretKeySpec referenceKey(String phrase) throws Exception {
        return new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(phrase.getBytes(StandardCharsets.UTF_8)),
                "AES");
    }
}
