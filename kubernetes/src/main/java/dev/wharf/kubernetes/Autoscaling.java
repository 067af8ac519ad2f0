package dev.wharf.kubernetes;

/** A HorizontalPodAutoscaler's bounds and its CPU target, from `--hpa MIN:MAX:CPU%`. */
public record Autoscaling(int minReplicas, int maxReplicas, int cpuPercent) {
    public Autoscaling {
        if (minReplicas < 1 || maxReplicas < minReplicas || cpuPercent < 1 || cpuPercent > 1000) {
            throw KubernetesException.badArgument("--hpa " + minReplicas + ":" + maxReplicas + ":" + cpuPercent
                    + "%: want 1 <= MIN <= MAX and a CPU target of 1-1000%");
        }
    }

    /** Parses `2:10:70%` (the % is optional); the exception's message says what is wrong. */
    public static Autoscaling parse(String text) {
        var parts = text.strip().split(":", -1);
        if (parts.length != 3) {
            throw KubernetesException.badArgument("--hpa " + text + ": want MIN:MAX:CPU%, e.g. 2:10:70%");
        }
        try {
            return new Autoscaling(
                    Integer.parseInt(parts[0].strip()),
                    Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip().replaceFirst("%$", "")));
        } catch (NumberFormatException e) {
            throw KubernetesException.badArgument(
                    "--hpa " + text + ": MIN, MAX and CPU% must be whole numbers, e.g. 2:10:70%");
        }
    }
}
