package io.exportjobs.api.security;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.shared.tenant.TenantIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Authenticates {@code Authorization: Bearer} JWTs with Spring Security's Nimbus decoder: signature
 * against the configured key (public key file, JWK set or the issuer's discovery), {@code exp}
 * (which is required) and {@code nbf}, the issuer and audience when configured. The tenant comes
 * from the claim {@code tenant} (a valid tenant id), the scopes from {@code scope}; a principal
 * named {@code system} or {@code operator:…} is refused, since the ledger reserves those actors.
 * Every failure is one 401: the reason goes to the log, not to the caller.
 */
@Component
class BearerTokenAuthenticator {

  private static final Logger log = LoggerFactory.getLogger(BearerTokenAuthenticator.class);
  static final int MAX_TOKEN_LENGTH = 8192;
  private static final String STANDARD = "spring.security.oauth2.resourceserver.jwt.";

  private final JwtProperties properties;
  private final JwtDecoder decoder;

  BearerTokenAuthenticator(
      JwtProperties configured, Environment environment, ResourceLoader resources) {
    this.properties = withStandardFallbacks(configured, environment);
    this.decoder = decoder(properties, resources);
    if (decoder != null) {
      log.info(
          "JWT bearer tokens accepted (issuer {}, jwk set {}, public key {})",
          properties.issuerUri(),
          properties.jwkSetUri(),
          properties.publicKeyLocation());
    }
  }

  boolean enabled() {
    return decoder != null;
  }

  Caller authenticate(String token) {
    if (decoder == null) {
      throw unauthenticated("bearer tokens are not accepted here; send an API key in X-API-Key");
    }
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw unauthenticated("the bearer token is not valid");
    }
    Jwt jwt;
    try {
      jwt = decoder.decode(token);
    } catch (JwtException | IllegalArgumentException e) {
      log.debug("bearer token refused: {}", e.getMessage());
      throw unauthenticated("the bearer token is not valid (bad signature, expired or malformed)");
    }
    Object tenant = jwt.getClaims().get(properties.tenantClaim());
    if (!(tenant instanceof String t) || !TenantIds.isValid(t)) {
      throw unauthenticated(
          "the bearer token has no valid '" + properties.tenantClaim() + "' claim");
    }
    Object principal = jwt.getClaims().get(properties.principalClaim());
    String name = principal instanceof String p && !p.isBlank() && p.length() <= 200 ? p : "jwt";
    if (ApiKeyRegistry.reservedActor(name)) {
      // the ledger would show the service or an operator as the actor
      throw unauthenticated(
          "the bearer token's '" + properties.principalClaim() + "' claim is a reserved name");
    }
    return new Caller(name, t, scopes(jwt.getClaims().get(properties.scopeClaim())));
  }

  private static Set<String> scopes(Object claim) {
    Set<String> scopes = new LinkedHashSet<>();
    if (claim instanceof String s) {
      for (String scope : s.trim().split("\\s+")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
    } else if (claim instanceof Collection<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
    }
    return scopes;
  }

  static ApiException unauthenticated(String detail) {
    return new ApiException(
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "Authentication required",
        detail,
        null,
        Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
  }

  // --- configuration ----------------------------------------------------------------------------

  private static JwtProperties withStandardFallbacks(JwtProperties p, Environment env) {
    return new JwtProperties(
        or(p.issuerUri(), env.getProperty(STANDARD + "issuer-uri")),
        or(p.jwkSetUri(), env.getProperty(STANDARD + "jwk-set-uri")),
        or(p.publicKeyLocation(), env.getProperty(STANDARD + "public-key-location")),
        p.audiences().isEmpty()
            ? List.of(env.getProperty(STANDARD + "audiences", String[].class, new String[0]))
            : p.audiences(),
        p.jwsAlgorithms(),
        p.tenantClaim(),
        p.scopeClaim(),
        p.principalClaim(),
        p.clockSkew());
  }

  private static String or(String value, String fallback) {
    return JwtProperties.blank(value) ? (JwtProperties.blank(fallback) ? null : fallback) : value;
  }

  private static JwtDecoder decoder(JwtProperties p, ResourceLoader resources) {
    NimbusJwtDecoder decoder;
    List<SignatureAlgorithm> algorithms = new ArrayList<>();
    for (String name : p.jwsAlgorithms()) {
      SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
      if (algorithm == null) {
        throw new IllegalStateException("exportjobs.security.jwt.jws-algorithms: unknown " + name);
      }
      algorithms.add(algorithm);
    }
    if (p.publicKeyLocation() != null) {
      NimbusJwtDecoder.PublicKeyJwtDecoderBuilder builder =
          NimbusJwtDecoder.withPublicKey(
              readPublicKey(resources.getResource(p.publicKeyLocation())));
      algorithms.forEach(builder::signatureAlgorithm);
      decoder = builder.build();
    } else if (p.jwkSetUri() != null || p.issuerUri() != null) {
      NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder builder =
          p.jwkSetUri() != null
              ? NimbusJwtDecoder.withJwkSetUri(p.jwkSetUri())
              : NimbusJwtDecoder.withIssuerLocation(p.issuerUri());
      builder.jwsAlgorithms(set -> set.addAll(algorithms));
      decoder = builder.build();
    } else {
      return null;
    }
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtTimestampValidator(p.clockSkew()));
    // a token without an expiry would be valid forever: refuse it
    validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
    if (p.issuerUri() != null) {
      validators.add(new JwtIssuerValidator(p.issuerUri()));
    }
    if (!p.audiences().isEmpty()) {
      validators.add(
          new JwtClaimValidator<List<String>>(
              JwtClaimNames.AUD,
              aud -> aud != null && aud.stream().anyMatch(p.audiences()::contains)));
    }
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return decoder;
  }

  static RSAPublicKey readPublicKey(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 =
          pem.replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      byte[] der = Base64.getDecoder().decode(base64);
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "exportjobs.security.jwt.public-key-location: cannot read an RSA public key (PEM) from "
              + resource.getDescription(),
          e);
    }
  }
}
