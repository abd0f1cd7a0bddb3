import Testing

@testable import Storage

/// XXH64 against python-xxhash 3 (the values printed by scripts/reference/xxhash64_vectors.py).
@Suite struct XXHash64Tests {
    static let pattern: [UInt8] = (0..<1_000_003).map { UInt8(($0 * 31 + 7) % 256) }

    func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { XXHash64.hash($0) } }

    /// Every length from 0 to 69 bytes: each tail (bytes, a 4-byte word, 8-byte words) with and
    /// without the 32-byte stripes, and a large input.
    @Test func matchesTheReferenceForEveryTailAndStripe() {
        let prefixes: [UInt64] = [
            0xef46_db37_51d8_e999, 0xa96c_7f0c_e858_bbb7, 0xac37_8c59_93cd_5f9a, 0x56e6_9576_32a4_87f9,
            0xc60d_15b1_e3ff_8f04, 0x8088_1585_8624_dd4e, 0xcf22_b4e8_7e9b_bd00, 0xafbe_fc3d_6c6f_9a8e,
            0x3da5_c7aa_2696_83e0, 0x4b17_a9ba_9e21_5c09, 0x6b88_9090_b8a9_22b8, 0x1fc0_70e4_4716_bd8e,
            0x8fe8_ab1c_1fd0_666e, 0x0382_284c_c19c_4abb, 0x1523_f762_201b_a56e, 0xae2a_37eb_9357_caa7,
            0xa19a_d429_b02b_c413, 0xfe9f_0feb_7eee_dc09, 0xa44d_bc53_c815_d4fe, 0x3693_e04c_0dfc_7dd2,
            0x0bfb_adb3_68e7_f37c, 0xfe78_6836_97d5_c575, 0xb071_4242_0c77_fe7f, 0xe77b_1fce_a841_18c3,
            0x9294_38e5_c215_9ef9, 0x7e6c_9591_9380_459f, 0xaf2e_fe1a_a0cf_37dc, 0x8eda_a24c_28d1_2ec6,
            0xa36b_5c40_9118_7d2a, 0xeb1f_ee1b_f095_4759, 0x6a54_ebe6_fe40_b928, 0x4a74_f3a1_a39a_d4a1,
            0x8d57_d6a4_671c_c43d, 0x62c9_fd21_ed85_7664, 0x42cc_e8a8_f5fc_5f1f, 0x85cb_cf9e_0d9c_beca,
            0xa447_5c60_6b0a_bc3c, 0x5d71_d9fc_4b67_6d9f, 0x88a7_4ab8_eaeb_0218, 0x1789_5424_89e5_9cc4,
            0x49b4_5332_e280_f187, 0xb410_b484_64dc_1268, 0x9dac_b790_a152_6540, 0x7c29_6a6b_49b1_88e7,
            0xa6b6_9c7c_ee5d_5b54, 0xaa6a_eb71_98c8_c81c, 0x7c4b_5a84_f7cd_59f3, 0x05e3_ab06_c6bb_0a6b,
            0x9f31_c521_803d_a811, 0x9f78_7017_de72_7118, 0xca2e_ee5c_b9fb_5469, 0x33a2_9bd1_6514_6948,
            0x76d9_caac_c61b_6870, 0xa7a6_e96a_5be1_8eb9, 0x4a6d_8c8c_b7ab_9234, 0x2471_4409_0389_5716,
            0x69ae_a769_9abf_3484, 0x49e8_d867_c0ac_8865, 0xd392_8f8d_2530_d5ee, 0x8a1f_4d8f_4c90_45fe,
            0xeafe_fbf8_3ab6_2c32, 0x1be3_ba2e_a412_89be, 0x7aca_ef6a_e2f7_a5b6, 0x5c32_0a0d_2707_057f,
            0x7bba_bbc4_5729_d17e, 0xf398_0c34_bae6_5dc1, 0x3708_2d58_ba42_15f9, 0x6ace_f358_c3e5_21bd,
            0x2c0a_027b_bf50_ec18, 0x7d90_ea5f_45d7_05cb,
        ]
        for (length, expected) in prefixes.enumerated() {
            #expect(hash(Array(Self.pattern.prefix(length))) == expected, "\(length) bytes")
        }
        #expect(hash(Self.pattern) == 0x857f_bf0f_f5d9_fcfc)
    }

    @Test func matchesTheDocumentedStrings() {
        #expect(hash([]) == 0xef46_db37_51d8_e999)
        #expect(hash(Array("a".utf8)) == 0xd24e_c4f1_a98c_6e5b)
        #expect(hash(Array("abc".utf8)) == 0x44bc_2cf5_ad77_0999)
        #expect(hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xfbce_a83c_8a37_8bf1)
    }

    /// Any single flipped bit of a 4 KB block changes the checksum.
    @Test func everyFlippedBitChangesIt() {
        var block = Array(Self.pattern.prefix(4096))
        let good = hash(block)
        for bit in stride(from: 0, to: 4096 * 8, by: 7) {
            block[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(hash(block) != good)
            block[bit / 8] ^= 1 << UInt8(bit % 8)
        }
    }
}
