package dev.wharf.component;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One component after validation: its definitions (the {@link ComponentAst.Component}) and the type of every entry
 * of every index space, in index order, as the definitions built them. Nested components have their own, reached
 * through {@link #child}. The instantiation planner walks the same definitions and reads the types from here.
 */
public final class ResolvedComponent {
    final ResolvedComponent parent;
    final ComponentAst.Component ast;
    final List<DefType> types = new ArrayList<>();
    final List<CoreType> coreTypes = new ArrayList<>();
    final List<FuncType> funcs = new ArrayList<>();
    /** Null for the canonical built-ins of the async ABI, whose types Wharf does not model. */
    final List<CoreType.Func> coreFuncs = new ArrayList<>();

    final List<CoreType.Table> tables = new ArrayList<>();
    final List<CoreType.Memory> memories = new ArrayList<>();
    final List<CoreType.Global> globals = new ArrayList<>();
    final List<CoreType.Tag> tags = new ArrayList<>();
    final List<CoreType.Module> modules = new ArrayList<>();
    final List<Map<String, CoreType.Extern>> coreInstances = new ArrayList<>();
    final List<InstanceType> instances = new ArrayList<>();
    final List<ComponentType> components = new ArrayList<>();
    final List<ValType> values = new ArrayList<>();
    final List<Named> imports = new ArrayList<>();
    final List<Named> exports = new ArrayList<>();
    final Map<ComponentAst.NestedComponent, ResolvedComponent> children = new IdentityHashMap<>();

    ResolvedComponent(ResolvedComponent parent, ComponentAst.Component ast) {
        this.parent = parent;
        this.ast = ast;
    }

    public ComponentAst.Component ast() {
        return ast;
    }

    /** The enclosing component, or null for the file's own. */
    public ResolvedComponent parent() {
        return parent;
    }

    /** What this component imports and exports, as the outside sees it. */
    public ComponentType type() {
        return new ComponentType(imports, exports);
    }

    public List<Named> imports() {
        return List.copyOf(imports);
    }

    public List<Named> exports() {
        return List.copyOf(exports);
    }

    public DefType type(int index) {
        return types.get(index);
    }

    public FuncType func(int index) {
        return funcs.get(index);
    }

    public CoreType.Func coreFunc(int index) {
        return coreFuncs.get(index);
    }

    public CoreType.Module module(int index) {
        return modules.get(index);
    }

    public InstanceType instance(int index) {
        return instances.get(index);
    }

    public ComponentType component(int index) {
        return components.get(index);
    }

    /** The validated form of a component nested in this one. */
    public ResolvedComponent child(ComponentAst.NestedComponent nested) {
        return children.get(nested);
    }
}
