package dev.wharf.host;

import java.util.List;

/**
 * One completed host call, for an strace-like trace: {@code path_open(fd=3, "app.toml", lookup=SYMLINK_FOLLOW) = fd 5}.
 *
 * @param function the function's name
 * @param args each shown argument as it appears in the line ({@code fd=3}, a quoted path, {@code 12 bytes}), in
 *     display order; arguments a trace leaves out (pointers, rights, flags with no bit set) are not here
 * @param status what the call returned: 0 for success, else the host API's failure code (a WASI errno)
 * @param outcome what follows {@code =}: the failure's name ({@code ENOENT}), what a successful call handed back
 *     ({@code fd 5}, {@code 12 bytes}) or {@code ok}; null for a call that does not return (proc_exit)
 */
public record HostCall(String function, List<String> args, int status, String outcome) {

    public HostCall {
        args = List.copyOf(args);
    }

    /** The call as one trace line. */
    public String line() {
        String call = function + "(" + String.join(", ", args) + ")";
        return outcome == null ? call : call + " = " + outcome;
    }

    @Override
    public String toString() {
        return line();
    }
}
