package io.exportjobs.api.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * JWTs for the api tests: an RSA key generated for this run, its public key in a PEM file the api
 * is configured with ({@link #register}), and tokens signed by it. A token is how a test gets a
 * tenant of its own with every tenant scope, since no API key may switch tenants for that.
 */
public final class TestJwt {

  public static final String ISSUER = "https://issuer.exportjobs.test";
  public static final String AUDIENCE = "exportjobs-api";

  /** Every scope a tenant's own admin has (all but tenants:operate). */
  public static final String TENANT_ADMIN_SCOPES =
      "exports:read exports:write exports:admin ledger:read ledger:write";

  public static final KeyPair SIGNING_KEY = rsa();
  public static final KeyPair OTHER_KEY = rsa();
  private static final Path PUBLIC_KEY = writePublicKey();

  private TestJwt() {}

  /** Makes the api accept this run's tokens. */
  public static void register(DynamicPropertyRegistry registry) {
    registry.add("exportjobs.security.jwt.issuer-uri", () -> ISSUER);
    registry.add("exportjobs.security.jwt.audiences", () -> AUDIENCE);
    registry.add("exportjobs.security.jwt.public-key-location", () -> "file:" + PUBLIC_KEY);
  }

  /** A token of {@code tenant}'s admin (every tenant scope), valid for an hour. */
  public static String tenantAdmin(String tenant) {
    return token(tenant, TENANT_ADMIN_SCOPES, Map.of("exp", Instant.now().plusSeconds(3600)));
  }

  /** A token signed by the configured key, valid for 10 minutes, with these claims on top. */
  public static String token(String tenant, String scope, Map<String, Object> claims) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("iss", ISSUER);
    all.put("aud", AUDIENCE);
    all.put("sub", "jwt-user@" + tenant);
    all.put("exp", Instant.now().plusSeconds(600));
    all.put("iat", Instant.now());
    if (tenant != null) {
      all.put("tenant", tenant);
    }
    if (scope != null) {
      all.put("scope", scope);
    }
    all.putAll(claims);
    return sign(all, SIGNING_KEY, JWSAlgorithm.RS256);
  }

  /** Signs {@code claims} (null values are left out; Instants become NumericDates). */
  public static String sign(Map<String, Object> claims, KeyPair key, JWSAlgorithm algorithm) {
    JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
    claims.forEach(
        (name, value) -> {
          if (value instanceof Instant i) {
            set.claim(name, Date.from(i));
          } else if (value != null) {
            set.claim(name, value);
          }
        });
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID("test").build(),
              set.build());
      jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path writePublicKey() {
    try {
      Path pem = Files.createTempFile("exportjobs-jwt-", ".pem");
      pem.toFile().deleteOnExit();
      Files.writeString(
          pem,
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(SIGNING_KEY.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n");
      return pem;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
