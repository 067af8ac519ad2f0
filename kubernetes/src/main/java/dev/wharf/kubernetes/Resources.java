package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;

/**
 * A container's CPU and memory requests and limits, as Kubernetes quantities ("250m", "512Mi"). Requests are
 * what the scheduler reserves and what an HPA's CPU percentage is measured against; limits cap the container.
 */
public record Resources(String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {
    public Resources {
        check("cpu", cpuRequest, cpuLimit);
        check("memory", memoryRequest, memoryLimit);
    }

    /**
     * What each host needs to start with. The JVM host compiles wasm to bytecode and keeps a heap (a 512 MiB limit
     * with the JVM told to use 75% of it); a wasm shim is a native process of a few MiB.
     */
    public static Resources defaults(HostMode mode) {
        return switch (mode) {
            case JVM -> new Resources("250m", "1", "256Mi", "512Mi");
            case RUNTIMECLASS -> new Resources("50m", "500m", "32Mi", "128Mi");
        };
    }

    /** Applies `--cpu REQ[:LIMIT]`; a missing limit keeps the current one. */
    public Resources withCpu(String flag) {
        var parts = split("--cpu", flag);
        return new Resources(parts[0], parts.length > 1 ? parts[1] : cpuLimit, memoryRequest, memoryLimit);
    }

    /** Applies `--memory REQ[:LIMIT]`; a missing limit keeps the current one. */
    public Resources withMemory(String flag) {
        var parts = split("--memory", flag);
        return new Resources(cpuRequest, cpuLimit, parts[0], parts.length > 1 ? parts[1] : memoryLimit);
    }

    private static String[] split(String option, String flag) {
        var parts = flag.strip().split(":", -1);
        if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
            throw KubernetesException.badArgument(
                    option + " " + flag + ": want REQUEST[:LIMIT], e.g. 250m:1 or 256Mi:512Mi");
        }
        return parts;
    }

    private static void check(String what, String request, String limit) {
        var r = amount(what, request);
        var l = amount(what, limit);
        if (r.compareTo(l) > 0) {
            throw KubernetesException.badArgument(what + " request " + request + " is more than its limit " + limit
                    + "; Kubernetes rejects such a pod");
        }
    }

    private static BigDecimal amount(String what, String quantity) {
        BigDecimal amount;
        try {
            amount = Quantity.getAmountInBytes(new Quantity(quantity));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw KubernetesException.badArgument(what + " " + quantity + " is not a Kubernetes quantity (e.g. "
                    + (what.equals("cpu") ? "250m or 1" : "256Mi or 1Gi") + ")");
        }
        if (amount.signum() <= 0) {
            throw KubernetesException.badArgument(what + " " + quantity + ": must be more than zero");
        }
        return amount;
    }
}
