package dev.wharf.component.runtime;

import java.util.Arrays;

/**
 * A component instance's table of resource handles, as the canonical ABI defines it: index 0 is never used, freed
 * indices are reused, and every access to an index that holds nothing traps.
 */
final class HandleTable {
    static final int MAX_LENGTH = (1 << 28) - 1;

    private Handle[] entries = new Handle[8];
    private int size = 1;
    private int[] free = new int[4];
    private int freeCount;

    int add(Handle h) {
        int i;
        if (freeCount > 0) {
            i = free[--freeCount];
        } else {
            if (size > MAX_LENGTH) {
                throw new ComponentTrap("handle table full: more than " + MAX_LENGTH + " handles");
            }
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            i = size++;
        }
        entries[i] = h;
        return i;
    }

    Handle get(int i) {
        if (i <= 0 || i >= size || entries[i] == null) {
            throw new ComponentTrap("unknown handle index " + Integer.toUnsignedString(i));
        }
        return entries[i];
    }

    Handle remove(int i) {
        Handle h = get(i);
        entries[i] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = i;
        return h;
    }

    /** The handles still in the table (for dropping host resources when an instance is closed). */
    Handle[] live() {
        int n = 0;
        for (int i = 1; i < size; i++) {
            if (entries[i] != null) {
                n++;
            }
        }
        var out = new Handle[n];
        n = 0;
        for (int i = 1; i < size; i++) {
            if (entries[i] != null) {
                out[n++] = entries[i];
            }
        }
        return out;
    }
}
