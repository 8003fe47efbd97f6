package io.exportjobs.api.web;

import java.util.List;

/** The list envelope of the contract. */
public record Page<T>(List<T> items, String nextPageToken) {}
