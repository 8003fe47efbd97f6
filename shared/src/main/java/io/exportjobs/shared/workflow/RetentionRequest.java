package io.exportjobs.shared.workflow;

import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportJob;

/** What the retention workflow holds: the completed job and where its artifact is stored. */
public record RetentionRequest(ExportJob job, ArtifactLocation location) {}
