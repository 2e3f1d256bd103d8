import Foundation
import ShardPlaceTestSupport
import ShardPlaceTrust
import Testing

@Suite struct LedgerKeyTests {
    @Test("keys round-trip through PEM; the key id is stable")
    func roundTrip() throws {
        let key = LedgerSigningKey.generate()
        let read = try LedgerSigningKey(pem: key.pem, file: "k")
        #expect(read.publicKey == key.publicKey)
        #expect(try LedgerPublicKey(pem: key.publicKey.pem, file: "k.pub") == key.publicKey)
        #expect(key.publicKey.keyID.count == 16)
        #expect(LedgerFixtures.key.publicKey.keyID == LedgerFixtures.key.publicKey.keyID)
        #expect(LedgerFixtures.key.publicKey.keyID != LedgerFixtures.otherKey.publicKey.keyID)
    }

    @Test("keygen writes KEY 0600 and KEY.pub, refuses to overwrite without force")
    func keyPairFiles() throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/signing"
        let key = LedgerSigningKey.generate()
        try LedgerFile.writeKeyPair(key, to: path, overwrite: false)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try LedgerFile.readSigningKey(path).publicKey == key.publicKey)
        #expect(try LedgerFile.readPublicKey(path + ".pub") == key.publicKey)
        let other = LedgerSigningKey.generate()
        do {
            try LedgerFile.writeKeyPair(other, to: path, overwrite: false)
            Issue.record("overwrote a key")
        } catch {
            #expect(error.kind == .invalidInput && error.description.contains("already exists"))
        }
        #expect(try LedgerFile.readSigningKey(path).publicKey == key.publicKey)
        try LedgerFile.writeKeyPair(other, to: path, overwrite: true)
        #expect(try LedgerFile.readPublicKey(path + ".pub") == other.publicKey)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["signing", "signing.pub"])
    }

    @Test("malformed keys are refused with the file's name and what was expected")
    func malformed() throws {
        let key = LedgerSigningKey.generate()
        let cases: [(String, String)] = [
            ("", "private"), ("hello", "private"), (key.publicKey.pem, "private"),
            (key.pem.replacingOccurrences(of: "M", with: "N"), "private"), (key.pem, "public"),
            (key.pem.replacingOccurrences(of: "PRIVATE KEY", with: "PUBLIC KEY"), "public"),
        ]
        for (text, kind) in cases {
            do {
                if kind == "private" {
                    _ = try LedgerSigningKey(pem: text, file: "bad.key")
                } else {
                    _ = try LedgerPublicKey(pem: text, file: "bad.key")
                }
                Issue.record("read a malformed \(kind) key: \(text)")
            } catch {
                #expect(error.description.hasPrefix("bad.key: not an Ed25519 \(kind) key"), "\(error)")
            }
        }
        #expect(throws: TrustLedgerError.self) { try LedgerFile.readSigningKey("/nonexistent/key") }
    }

    @Test("keys interoperate with OpenSSL (skipped without the openssl command)")
    func openssl() throws {
        let folder = try LedgerFixtures.folder()
        guard let made = try? runProgram("openssl", ["genpkey", "-algorithm", "ed25519", "-out", folder + "/o.key"]),
            made.status == 0
        else {
            print("openssl is not available: the interoperability check is skipped")
            return
        }
        let key = try LedgerFile.readSigningKey(folder + "/o.key")
        let pub = try runProgram("openssl", ["pkey", "-in", folder + "/o.key", "-pubout"])
        #expect(pub.stdout == key.publicKey.pem)
        try LedgerFile.writeKeyPair(LedgerFixtures.key, to: folder + "/ours", overwrite: false)
        let ours = try runProgram("openssl", ["pkey", "-in", folder + "/ours", "-pubout"])
        #expect(ours.status == 0 && ours.stdout == LedgerFixtures.key.publicKey.pem)
    }
}
