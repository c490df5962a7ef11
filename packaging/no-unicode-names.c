/* Linked into the packaged binary only (packaging/build-deb), with --wrap=_swift_stdlib_getScalarName: the
 * standard library's Unicode.Scalar.Properties.name then finds no name (nil) instead of looking it up in
 * 550 KB of Unicode name tables. Its code can't be dropped (it shares a section with code we use), but the
 * tables go once nothing calls the real lookup. Nothing of ours asks a scalar for its name (.ci/test checks). */
#include <stdint.h>

intptr_t __wrap__swift_stdlib_getScalarName(uint32_t scalar, uint8_t *buffer, intptr_t capacity);

intptr_t __wrap__swift_stdlib_getScalarName(uint32_t scalar, uint8_t *buffer, intptr_t capacity) {
    (void)scalar; (void)buffer; (void)capacity;
    return 0;
}
