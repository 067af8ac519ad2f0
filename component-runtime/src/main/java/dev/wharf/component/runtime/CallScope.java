package dev.wharf.component.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The borrowing state of one call crossing a component boundary. On the callee's side (a lifted function running)
 * it counts the borrow handles the call lowered into the callee's table, which must all be dropped before the call
 * returns. On the caller's side (a lowered import called) it lists the handles lent for the call's duration, whose
 * lend counts drop again when the call returns.
 */
final class CallScope {
    int borrows;
    private List<Handle> lenders;

    void lend(Handle h) {
        h.lends++;
        if (lenders == null) {
            lenders = new ArrayList<>(2);
        }
        lenders.add(h);
    }

    /** The call returned: what it borrowed is free to move or drop again. */
    void releaseLends() {
        if (lenders != null) {
            for (Handle h : lenders) {
                h.lends--;
            }
            lenders = null;
        }
    }
}
