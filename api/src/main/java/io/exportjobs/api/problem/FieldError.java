package io.exportjobs.api.problem;

/**
 * One invalid input: {@code field} is a JSON path-like name ({@code range.from}, {@code pageSize}).
 */
public record FieldError(String field, String message) {}
