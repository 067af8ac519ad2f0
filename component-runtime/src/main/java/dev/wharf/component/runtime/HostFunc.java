package dev.wharf.component.runtime;

import dev.wharf.component.FuncType;

/**
 * One function of a host interface: its name as the interface exports it ("get-stdout", "[method]output-stream.write",
 * "[constructor]fields"), its declared type (null to take whatever type the component imports it with), and its body.
 */
public record HostFunc(String name, FuncType type, HostCall body) {}
