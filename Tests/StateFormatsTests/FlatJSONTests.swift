import Testing
@testable import StateFormats

/// The flat-object parser behind every journal line: what it accepts, and how strictly.
struct FlatJSONTests {
    @Test(arguments: [
        (#"{}"#, [:]),
        (#" { "a" : "b" } "#, ["a": .string("b")]),
        (#"{"a":"x\ny\"z\\w\/\u00e9\u0041"}"#, ["a": .string("x\ny\"z\\w/éA")]),
        (#"{"a":"plain é","b":"tab\tafter"}"#, ["a": .string("plain é"), "b": .string("tab\tafter")]),
        (#"{"n":-12.5e2,"m":0,"z":null,"t":true,"f":false}"#, ["n": .number(-1250), "m": .number(0), "z": .null, "t": .bool(true), "f": .bool(false)]),
        (#"{"a":1,"a":2}"#, ["a": .number(2)]),
        ("{\"a\":\"" + String(repeating: "1", count: 64) + "\"}", ["a": .string(String(repeating: "1", count: 64))]),
        ("{\"a\":" + String(repeating: "1", count: 64) + "}", ["a": .number(1.1111111111111111e63)]),
    ] as [(String, [String: FlatValue])])
    func accepts(text: String, expected: [String: FlatValue]) {
        #expect(FlatJSON.parseObject(Array(text.utf8)) == expected)
    }

    @Test(arguments: [#""#, #"{"#, #"{"a"}"#, #"{"a":}"#, #"{"a":nul}"#, #"{"a":tru}"#, #"{"a":"open}"#, #"{"a":"\u12"}"#,
                      #"{"a":"\u12G4"}"#, #"{"a":1,}"#, #"{"a":1} x"#, #"{"a":[1]}"#, #"{"a":{}}"#, #"{a:1}"#, #"{"a":1e}"#,
                      "{\"a\":" + String(repeating: "1", count: 65) + "}", #"{"a":"x\"}"#])
    func refuses(text: String) {
        #expect(FlatJSON.parseObject(Array(text.utf8)) == nil)
    }

    /// Bytes that are not UTF-8 are read as U+FFFD, with or without escapes in the same string.
    @Test func invalidUTF8IsRepaired() {
        let plain: [UInt8] = Array(#"{"a":"x"#.utf8) + [0xFF] + Array(#"y"}"#.utf8)
        let escaped: [UInt8] = Array(#"{"a":"\tx"#.utf8) + [0xFF] + Array(#"y"}"#.utf8)
        #expect(FlatJSON.parseObject(plain) == ["a": .string("x\u{FFFD}y")])
        #expect(FlatJSON.parseObject(escaped) == ["a": .string("\tx\u{FFFD}y")])
    }
}
