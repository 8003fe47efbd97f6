package io.exportjobs.shared.export;

import io.exportjobs.shared.artifact.ArtifactLocation;

/**
 * What the workflow writes to the job index at a transition: the whole job, ordered by (attempt,
 * revision) so that a late or repeated write never moves a job backwards. The workflow derives
 * revisions from workflow time, so a reset run's writes still win over the run it replaces.
 */
public record JobSnapshot(ExportJob job, long revision, ArtifactLocation artifactLocation) {}
