package io.exportjobs.shared.workflow;

import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportArtifact;

public record PublishedArtifact(ArtifactLocation location, ExportArtifact artifact) {}
