@testable import Postgres
import Testing

func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace }.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

@Suite struct CryptoTests {
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func md5MatchesRFC1321(input: String, digest: String) {
        #expect(hexString(MD5.hash(Array(input.utf8))) == digest)
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesFIPS180(input: String, digest: String) {
        #expect(hexString(SHA256.hash(Array(input.utf8))) == digest)
    }

    @Test func sha256OfAMillionAInUnevenChunks() {
        var h = SHA256()
        var left = 1_000_000
        var size = 1
        while left > 0 {
            let n = min(size, left)
            h.update([UInt8](repeating: 0x61, count: n))
            left -= n
            size = size % 200 + 7
        }
        #expect(hexString(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmacMatchesRFC4231(key: [UInt8], data: [UInt8], mac: String) {
        #expect(hexString(HMACSHA256.authenticate(data, key: key)) == mac)
    }

    @Test func pbkdf2MatchesRFC7914() {
        #expect(PBKDF2.sha256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64) == hex("""
            55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc
            49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31 7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
            """))
        #expect(PBKDF2.sha256(password: Array("Password".utf8), salt: Array("NaCl".utf8), iterations: 80000, length: 64) == hex("""
            4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9 64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56
            a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17 6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d
            """))
    }

    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func base64MatchesRFC4648(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func base64RefusesGarbage() {
        for bad in ["Zg=", "Z===", "Zm9v!A==", "=Zm9", "Zg==Zg=="] { #expect(Base64.decode(bad) == nil, "\(bad)") }
    }

    static let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"

    @Test func scramMatchesRFC7677Example() throws {
        var client = SCRAMClient(password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO", user: "user")
        #expect(client.firstMessage == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try client.finalMessage(serverFirst: Self.serverFirst)
        #expect(final == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        // The RFC's printed v= value is wrong (RFC 7677 erratum); this one is what the RFC's own inputs give
        // (checked with Python's hashlib/hmac), and what PostgreSQL's server computes.
        try client.verify(serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        #expect(throws: SCRAMClient.Failure.serverSignatureMismatch) {
            try client.verify(serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjRl4qU=")
        }
        #expect(throws: SCRAMClient.Failure.serverError("invalid-proof")) { try client.verify(serverFinal: "e=invalid-proof") }
    }

    @Test func scramRefusesHostileServerFirstMessages() {
        let cases: [(String, SCRAMClient.Failure)] = [
            ("r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", .nonceMismatch),
            ("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", .nonceMismatch),
            ("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000", .iterationsTooHigh(2_000_000_000)),
            ("r=rOprNGfwEbeRWgbNEkqOx,s=!!,i=4096", .malformed("bad salt")),
            ("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-1", .malformed("bad iteration count")),
            ("garbage", .malformed("attribute \"garbage\"")),
        ]
        for (message, failure) in cases {
            var client = SCRAMClient(password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO")
            #expect(throws: failure, "\(message)") { _ = try client.finalMessage(serverFirst: message) }
        }
        #expect(SCRAMClient.maximumIterations == 100_000)
    }

    @Test func postgresMD5PasswordHash() {
        // md5 + md5(md5(password + user) + salt), as libpq's pg_md5_encrypt does.
        let inner = hexString(MD5.hash(Array("pencil".utf8) + Array("user".utf8)))
        #expect(inner == hexString(MD5.hash(Array("penciluser".utf8))))
        #expect(inner.count == 32)
    }
}
