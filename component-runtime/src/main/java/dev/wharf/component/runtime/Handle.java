package dev.wharf.component.runtime;

/**
 * One entry of a component instance's handle table: a resource of runtime type {@code resource} whose
 * representation is {@code rep} (an Integer for a resource a component defines, the host's object for a host
 * resource). An own handle may be lent for the duration of a call ({@code lends} counts those calls); a borrow
 * handle lowered into a callee belongs to the call that lent it ({@code scope}).
 */
final class Handle {
    final int resource;
    final Object rep;
    final boolean own;
    final CallScope scope;
    int lends;

    Handle(int resource, Object rep, boolean own, CallScope scope) {
        this.resource = resource;
        this.rep = rep;
        this.own = own;
        this.scope = scope;
    }
}
