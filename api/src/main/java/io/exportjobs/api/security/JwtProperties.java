package io.exportjobs.api.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportjobs.security.jwt}: JWT bearer tokens, accepted beside API keys once one of {@code
 * issuer-uri}, {@code jwk-set-uri} or {@code public-key-location} is set. Each of those three falls
 * back to the standard {@code spring.security.oauth2.resourceserver.jwt.*} property of the same
 * name.
 *
 * @param issuerUri the issuer; tokens must carry it as {@code iss}. Alone, its OpenID discovery
 *     document names the JWK set (fetched on the first token, not at startup).
 * @param jwkSetUri the issuer's JWK set URL
 * @param publicKeyLocation an RSA public key (PEM, {@code -----BEGIN PUBLIC KEY-----}) as a Spring
 *     resource location: {@code file:/etc/exportjobs/jwt.pem} or {@code classpath:...}
 * @param audiences if set, {@code aud} must hold one of them
 * @param jwsAlgorithms accepted signature algorithms (default RS256)
 * @param tenantClaim the claim that names the tenant (default {@code tenant})
 * @param scopeClaim the claim with the scopes, space-separated or a list (default {@code scope})
 * @param principalClaim the claim recorded as the actor (default {@code sub})
 * @param clockSkew tolerance for {@code exp} and {@code nbf} (default 60 s)
 */
@ConfigurationProperties("exportjobs.security.jwt")
public record JwtProperties(
    String issuerUri,
    String jwkSetUri,
    String publicKeyLocation,
    List<String> audiences,
    List<String> jwsAlgorithms,
    String tenantClaim,
    String scopeClaim,
    String principalClaim,
    Duration clockSkew) {

  public JwtProperties {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
    jwsAlgorithms =
        jwsAlgorithms == null || jwsAlgorithms.isEmpty()
            ? List.of("RS256")
            : List.copyOf(jwsAlgorithms);
    tenantClaim = blank(tenantClaim) ? "tenant" : tenantClaim;
    scopeClaim = blank(scopeClaim) ? "scope" : scopeClaim;
    principalClaim = blank(principalClaim) ? "sub" : principalClaim;
    clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
