package dev.wharf.manifest;

import java.net.URI;

/** A component source given as {@code { url, digest }}; digest is {@code sha256:<64 lowercase hex>}. */
public record RemoteSource(URI url, String digest) {}
