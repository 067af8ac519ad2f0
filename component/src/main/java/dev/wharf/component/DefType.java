package dev.wharf.component;

/**
 * What an entry of a component's type index space is: a value type, a function type, a component or instance type,
 * or a resource type.
 */
public sealed interface DefType permits ValType, FuncType, ComponentType, InstanceType, ResourceType {}
