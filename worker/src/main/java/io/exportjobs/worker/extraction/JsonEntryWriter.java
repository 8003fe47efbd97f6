package io.exportjobs.worker.extraction;

import com.fasterxml.jackson.core.JsonGenerator;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.json.Timestamps;
import io.exportjobs.shared.ledger.RecordedEntry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Entries as JSON objects in the served field order, {@code attributes} written through as the
 * stored canonical JSON. NDJSON: one object a line, {@code \n} after each. JSON: one array, {@code
 * [\n{…},\n{…}\n]\n}.
 */
final class JsonEntryWriter implements EntryWriter {

  private final boolean array;
  private JsonGenerator json;
  private long written;

  JsonEntryWriter(boolean array) {
    this.array = array;
  }

  @Override
  public void begin(OutputStream out, long entriesBefore) throws IOException {
    json = Json.mapper().getFactory().createGenerator(out);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.setRootValueSeparator(null);
    written = entriesBefore;
    if (array && entriesBefore == 0) {
      json.writeRaw('[');
    }
  }

  @Override
  public void write(RecordedEntry e) throws IOException {
    if (array) {
      json.writeRaw(written == 0 ? "\n" : ",\n");
    }
    json.writeStartObject();
    json.writeNumberField("seq", e.seq());
    json.writeStringField("occurredAt", Timestamps.format(e.occurredAt()));
    json.writeStringField("recordedAt", Timestamps.format(e.recordedAt()));
    json.writeStringField("actor", e.actor());
    json.writeStringField("action", e.action());
    json.writeStringField("resource", e.resource());
    json.writeStringField("outcome", e.outcome().wire());
    json.writeFieldName("attributes");
    json.writeRawValue(e.attributesJson());
    json.writeStringField("prevHash", e.prevHash());
    json.writeStringField("hash", e.hash());
    json.writeEndObject();
    if (!array) {
      json.writeRaw('\n');
    }
    written++;
  }

  @Override
  public void flush() throws IOException {
    json.flush();
  }

  @Override
  public void end() throws IOException {
    if (array) {
      json.writeRaw("\n]\n");
    }
    json.flush();
  }
}
