package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SymbolNamesTest {
    @Test
    void rustLegacyNamesLoseTheirHashAndEscapes() {
        assertEquals("std::rt::init", SymbolNames.demangle("_ZN3std2rt4init17he9a7ac4514fc9041E"));
        assertEquals(
                "<&str as alloc::ffi::c_str::CString::new::SpecNewImpl>::spec_new_impl",
                SymbolNames.demangle(
                        "_ZN72_$LT$$RF$str$u20$as$u20$alloc..ffi..c_str..CString..new..SpecNewImpl$GT$13spec_new_impl17h996cfd19f845cf8aE"));
    }

    @Test
    void otherNamesAreKept() {
        assertEquals("parse_digit", SymbolNames.demangle("parse_digit"));
        assertEquals("_ZNnotmangled", SymbolNames.demangle("_ZNnotmangled"));
        assertEquals(null, SymbolNames.demangle(null));
    }
}
