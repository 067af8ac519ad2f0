/**
 * The component model's binary format and types: {@link dev.wharf.component.ParsedComponent} reads a component file
 * into typed definitions with byte offsets ({@link dev.wharf.component.ComponentAst}), validates it and resolves its
 * types ({@link dev.wharf.component.ResolvedComponent}); {@link dev.wharf.component.WitPrinter} prints its world as
 * WIT; {@link dev.wharf.component.Wave} reads and writes values in WAVE, the text form wasmtime's {@code --invoke}
 * uses.
 *
 * <h2>Component values in Java</h2>
 *
 * <p>Wherever Java code meets component values (arguments and results of exported functions, host functions, WAVE),
 * a value of each WIT type is one Java object:
 *
 * <table>
 *   <tr><th>WIT</th><th>Java</th></tr>
 *   <tr><td>bool</td><td>Boolean</td></tr>
 *   <tr><td>s8, u8, s16, u16, s32</td><td>Integer, holding the value</td></tr>
 *   <tr><td>u32, s64</td><td>Long, holding the value</td></tr>
 *   <tr><td>u64</td><td>Long, holding the value's 64 bits (read it with Long.toUnsignedString)</td></tr>
 *   <tr><td>f32, f64</td><td>Float, Double</td></tr>
 *   <tr><td>char</td><td>Integer, the Unicode scalar value</td></tr>
 *   <tr><td>string</td><td>String</td></tr>
 *   <tr><td>list&lt;u8&gt;</td><td>byte[]</td></tr>
 *   <tr><td>list&lt;T&gt;, tuple, record</td><td>List&lt;Object&gt; (a record's fields in declaration order)</td></tr>
 *   <tr><td>variant</td><td>{@link dev.wharf.component.VariantValue} (case index and payload)</td></tr>
 *   <tr><td>enum</td><td>Integer, the case index</td></tr>
 *   <tr><td>flags</td><td>Integer, bit i set when label i is</td></tr>
 *   <tr><td>option&lt;T&gt;</td><td>Optional&lt;Object&gt;</td></tr>
 *   <tr><td>result&lt;T, E&gt;</td><td>{@link dev.wharf.component.ResultValue}</td></tr>
 *   <tr><td>own&lt;R&gt;, borrow&lt;R&gt;</td><td>for a host resource, the host's own object for it; for a resource a
 *       component defines, the runtime's handle object</td></tr>
 * </table>
 *
 * <p>Where values go into a component, any Number is accepted for an integer type and its value is checked against
 * the type's range.
 */
package dev.wharf.component;
