package io.exportjobs.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay to a server on 127.0.0.1 whose answers come back at a fixed rate per connection: a
 * slow network link between one process and its database. What travels from the client to the
 * server is relayed at once.
 *
 * <p>A worker connected through it extracts at the link's rate instead of at the speed of COPY, so
 * a test can catch it in the middle of an extraction on any machine, however fast.
 */
final class SlowLink implements AutoCloseable {

  private static final int CHUNK = 8 * 1024;

  private final ServerSocket server;
  private final int targetPort;
  private final long bytesPerSecond;
  private final boolean idleTimeEarnsCredit;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  SlowLink(int targetPort, long bytesPerSecond) throws IOException {
    this(targetPort, bytesPerSecond, true);
  }

  /**
   * A link that paces every answer, however long its connection sat idle before: a pooled
   * connection that waited a minute still sends its next answer at the link's rate. (The plain link
   * paces to the average since a connection opened, so an answer after an idle spell first comes at
   * full speed until it catches up.)
   */
  static SlowLink steady(int targetPort, long bytesPerSecond) throws IOException {
    return new SlowLink(targetPort, bytesPerSecond, false);
  }

  private SlowLink(int targetPort, long bytesPerSecond, boolean idleTimeEarnsCredit)
      throws IOException {
    this.targetPort = targetPort;
    this.bytesPerSecond = bytesPerSecond;
    this.idleTimeEarnsCredit = idleTimeEarnsCredit;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("slow-link-accept", this::accept).start();
  }

  /** The local port to connect to instead of the target's. */
  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        daemon("slow-link-up", () -> relay(client, upstream, 0, true)).start();
        daemon("slow-link-down", () -> relay(upstream, client, bytesPerSecond, idleTimeEarnsCredit))
            .start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  /**
   * Copies until either side closes; paces to {@code rate} bytes per second unless it is 0: to the
   * average since the connection opened, or with {@code idleTimeEarnsCredit} false, each chunk from
   * when it is sent or the previous one is due, whichever is later.
   */
  private static void relay(Socket from, Socket to, long rate, boolean idleTimeEarnsCredit) {
    byte[] buffer = new byte[CHUNK];
    long due = System.nanoTime();
    try (from;
        to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
        if (rate > 0) {
          long after = idleTimeEarnsCredit ? due : Math.max(due, System.nanoTime());
          due = after + TimeUnit.SECONDS.toNanos(1) * n / rate;
          for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
        }
      }
    } catch (IOException closed) {
      // one side went away (a killed process, or close()): the other is closed with it
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
