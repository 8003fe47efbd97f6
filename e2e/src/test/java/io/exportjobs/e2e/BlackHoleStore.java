package io.exportjobs.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An "S3 endpoint" that accepts connections and never answers: a job whose target it is extracts
 * and then stays {@code running} in its publish step for minutes (the store client waits, retries,
 * and the activity is retried), which is how a test gets a job that is running for as long as it
 * needs, without a huge ledger.
 */
final class BlackHoleStore implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  BlackHoleStore() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  held.add(server.accept());
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "black-hole-store");
    accept.setDaemon(true);
    accept.start();
  }

  /** The properties of an artifact target named {@code name} that writes into the black hole. */
  Map<String, String> target(String name) {
    String prefix = "exportjobs.artifacts.targets." + name + ".";
    return Map.of(
        prefix + "type", "s3",
        prefix + "endpoint", "http://127.0.0.1:" + server.getLocalPort(),
        prefix + "bucket", "nowhere",
        prefix + "region", "us-east-1",
        prefix + "access-key", "black",
        prefix + "secret-key", "hole",
        prefix + "path-style", "true",
        prefix + "create-bucket", "false");
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : held) {
      s.close();
    }
  }
}
