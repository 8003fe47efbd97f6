package io.exportjobs.api.openapi;

import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: the two credentials of the contract as security
 * schemes, applied to every operation (the public health checks and the documents themselves are
 * not operations of the document), and the customizers that make it say what the api really does.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "Export Jobs",
            version = "v1",
            description =
                "Compliance exports of a hash-chained audit ledger, orchestrated by Temporal. Every"
                    + " error is application/problem+json (RFC 9457) with a stable `code`."),
    // relative: the document is served by the api it describes, wherever that runs
    servers = @Server(url = "/", description = "the api that serves this document"),
    security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "bearer")})
@SecurityScheme(
    name = "apiKey",
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.HEADER,
    paramName = "X-API-Key",
    description = "An API key; tenant and scopes come with it")
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description =
        "A JWT (when an issuer or JWK set is configured): tenant from claim `tenant`, scopes from"
            + " `scope`")
class ApiDocsConfiguration {

  static {
    // the authenticated caller is resolved from the credential, never from the request's parameters
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OperationCustomizer problemAnswers() {
    return new ApiDocsCustomizer();
  }

  @Bean
  OpenApiCustomizer schemaTruths(ArtifactStores stores) {
    return new ApiDocsSchemas(stores.targets());
  }
}
