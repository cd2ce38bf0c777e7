// Starts one embedded search engine node (a codelibs Runner: OpenSearch or Elasticsearch) on pinned loopback ports for peba's tests.
//
// Usage: java -cp LAUNCHER_CLASSES:RUNNER_JARS PebaEngine RUNNER_CLASS BASEPATH HTTP_PORT CLUSTER_NAME [KEY=VALUE...]
//
// RUNNER_CLASS is org.codelibs.opensearch.runner.OpenSearchRunner or
// org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner: both have the same methods
// (setMaxHttpPort, onBuild, build(String...), isClosed, close) in different packages, and the node
// settings they are given differ by engine, so this launcher reaches the Runner by reflection and
// takes every node setting (KEY=VALUE, a list as comma-separated values) from stack/lib.sh, which
// keeps the engines' differences. Compiled once with the oldest JDK, it runs on each engine's Java.
//
// Why not the Runners' own main(): they refuse HTTP ports above 9299 ("The http port N is
// unavailable"), silently move to the next port when the wanted one is taken, and start all nodes
// in one JVM, where one node cannot be killed or paused alone. This launcher starts one node per
// JVM on the given ports, exits non-zero with the stack trace when the node does not start, and
// closes the node cleanly on SIGTERM/SIGINT.

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

public final class PebaEngine {
    private PebaEngine() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PebaEngine RUNNER_CLASS BASEPATH HTTP_PORT CLUSTER_NAME [KEY=VALUE...]");
            System.exit(2);
        }
        final Class<?> runnerClass = Class.forName(args[0]);
        final String basePath = args[1];
        final int httpPort = Integer.parseInt(args[2]);
        final String clusterName = args[3];
        final Map<String, String> settings = new LinkedHashMap<>();
        for (String kv : Arrays.copyOfRange(args, 4, args.length)) {
            final int eq = kv.indexOf('=');
            if (eq <= 0) {
                System.err.println("PebaEngine: setting '" + kv + "' is not KEY=VALUE");
                System.exit(2);
            }
            settings.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        settings.put("http.port", Integer.toString(httpPort));

        final Object runner = runnerClass.getConstructor().newInstance();
        runnerClass.getMethod("setMaxHttpPort", int.class).invoke(runner, 65535);
        final Class<?> builderType = Class.forName(args[0] + "$Builder");
        final InvocationHandler onBuild = (proxy, method, margs) -> {
            switch (method.getName()) {
            case "build":
                break;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == margs[0];
            default:
                return "PebaEngine settings";
            }
            // margs: the node's number and the engine's Settings.Builder
            final Object builder = margs[1];
            final Method put = builder.getClass().getMethod("put", String.class, String.class);
            final Method putList = builder.getClass().getMethod("putList", String.class, String[].class);
            for (Map.Entry<String, String> e : settings.entrySet()) {
                if (e.getValue().contains(",")) {
                    putList.invoke(builder, e.getKey(), (Object) e.getValue().split(","));
                } else {
                    put.invoke(builder, e.getKey(), e.getValue());
                }
            }
            return null;
        };
        runnerClass.getMethod("onBuild", builderType).invoke(runner,
                Proxy.newProxyInstance(runnerClass.getClassLoader(), new Class<?>[] {builderType}, onBuild));
        final Method close = runnerClass.getMethod("close");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.invoke(runner);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        try {
            runnerClass.getMethod("build", String[].class).invoke(runner, (Object) new String[] {
                "-basePath", basePath, "-numOfNode", "1", "-baseHttpPort", Integer.toString(httpPort - 1),
                "-clusterName", clusterName, "-printOnFailure"});
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.exit(1);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("PebaEngine: " + runnerClass.getSimpleName() + " node started, http 127.0.0.1:" + httpPort
                + ", settings " + settings);
        System.out.flush();
        final Method isClosed = runnerClass.getMethod("isClosed");
        while (!(Boolean) isClosed.invoke(runner)) {
            Thread.sleep(1000);
        }
    }
}
