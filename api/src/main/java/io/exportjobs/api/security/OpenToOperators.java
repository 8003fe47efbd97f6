package io.exportjobs.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose routes a platform operator ({@code tenants:operate}) may use for another
 * tenant through {@code X-Tenant-Id}: the contract lets them read and act on that tenant's exports
 * and schedules. Every other route (the ledger above all) answers such a request 403; a route added
 * later is closed to operators until its controller says otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OpenToOperators {}
