package io.exportjobs.shared.export;

import java.util.List;

public record JobPage(List<ExportJob> items, String nextPageToken) {}
