package dev.wharf.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExploreNamesTest {
    @Test
    void legacyRustSymbolsBecomePaths() {
        assertEquals("core::fmt::write", ExploreNames.demangle("_ZN4core3fmt5write17h0123456789abcdefE"));
        assertEquals(
                "<&T as core::fmt::Display>::fmt",
                ExploreNames.demangle("_ZN44_$LT$$RF$T$u20$as$u20$core..fmt..Display$GT$3fmt17h580afe0be50f2092E"));
        assertEquals(
                "<alloc::vec::Vec<T> as alloc::vec::spec_from_iter::SpecFromIter<T,I>>::from_iter",
                ExploreNames.demangle(
                        "_ZN98_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$alloc..vec..spec_from_iter..SpecFromIter"
                                + "$LT$T$C$I$GT$$GT$9from_iter17h371b1f7aaadd8616E"));
        assertEquals(
                "std::rt::lang_start::{{closure}}",
                ExploreNames.demangle("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h1111111111111111E"));
    }

    @Test
    void anythingElseIsLeftAlone() {
        assertNull(ExploreNames.demangle("main"));
        assertNull(ExploreNames.demangle(null));
        assertNull(ExploreNames.demangle("_ZN3foo3barEi"), "C++: parameter types follow the E");
        assertNull(ExploreNames.demangle("_ZN99tooshortE"));
        assertNull(ExploreNames.demangle("_ZN3a$bE"));
        assertNull(ExploreNames.demangle("_ZN5$u{zz}E"));
    }
}
