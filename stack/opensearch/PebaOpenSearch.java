// Starts one embedded single-node OpenSearch (codelibs OpenSearch Runner) on fixed loopback ports for peba's tests.
//
// Usage: java -cp "$(cat classpath.txt)" PebaOpenSearch.java BASEPATH HTTP_PORT TRANSPORT_PORT CLUSTER_NAME
//
// Why not the Runner's own main(): it refuses HTTP ports above 9299 ("The http port N is
// unavailable"), silently moves to the next port when the wanted one is taken, and lets the
// transport layer pick any free port from 9300 up. This launcher pins both ports, binds to
// 127.0.0.1 only, runs as a real single node (no discovery pings to other local clusters) and
// disables the disk watermarks (a nearly full build disk must not turn indices read-only).
// It exits non-zero with the stack trace when the node does not start, and closes the node
// cleanly on SIGTERM/SIGINT.

import org.codelibs.opensearch.runner.OpenSearchRunner;

public final class PebaOpenSearch {
    private PebaOpenSearch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: PebaOpenSearch BASEPATH HTTP_PORT TRANSPORT_PORT CLUSTER_NAME");
            System.exit(2);
        }
        final String basePath = args[0];
        final int httpPort = Integer.parseInt(args[1]);
        final int transportPort = Integer.parseInt(args[2]);
        final String clusterName = args[3];

        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(65535);
        runner.onBuild((index, settings) -> {
            settings.put("http.port", Integer.toString(httpPort));
            settings.put("transport.port", Integer.toString(transportPort));
            settings.put("network.host", "127.0.0.1");
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("action.destructive_requires_name", "false");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        try {
            runner.build(OpenSearchRunner.newConfigs()
                    .basePath(basePath)
                    .numOfNode(1)
                    .baseHttpPort(httpPort - 1)
                    .clusterName(clusterName)
                    .printOnFailure());
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("PebaOpenSearch: node started, http 127.0.0.1:" + httpPort
                + ", transport 127.0.0.1:" + transportPort);
        System.out.flush();
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}
