#pragma once

// Private to crypto/selftest: the fixed RSA test key and the outputs made with it once. RSA-PSS and
// RSA-OAEP are randomised, so their known answers are a signature to verify and a ciphertext to
// decrypt; the round trips then cover the randomised halves.

namespace custos::crypto::selftest::detail {

inline constexpr const char* kRsaMessage = "Custos self test";

// Generated once for these self tests with OpenSSL 3.0 (`openssl genpkey -algorithm RSA
// -pkeyopt rsa_keygen_bits:2048`); it protects nothing.
inline constexpr const char* kRsaTestKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                                              "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCqTXnTwvc9GRyZ\n"
                                              "oWQR4XAPNsP+efVevR0SotNKR2gWT4y9fBasyJOFXjvmD3oa/rhtejoOSIxN+0j5\n"
                                              "cH8EJ3ssBwCglayJiL2PZ0CPzFf7QRMUE+CSgK6jDTBXVmwKWODdGK5bJF4TSbRE\n"
                                              "xcd2Lk2civUXKLcENrRFaxPHaUCzehrMy0/jDjMJjdb/NSf+SXaU9s01pwTbpG/E\n"
                                              "wuQuauwt+CxzoOvDDNH1CYkokDTx2KUhBXFi7Nyi/qUbDgo44e0OHnrqlIO3K+2d\n"
                                              "+DO7bmNPrHkYrhFlcOWSjxs0IL/PB7IY3GUbGqSiQiRJK1VzBVuDNsHCd/oq3Zq3\n"
                                              "6JLPOVdzAgMBAAECggEAM7KCLYjtUbRKTM7D2HO1d0DaPWlbVY+WAD7CYjWMAN3U\n"
                                              "LP86yOe4dI93Im8HU6OIa99jOUvHn7KM4//E5wdvKh3UEGtvLW7/kEU5QY24FZMb\n"
                                              "Dgi8rux2VxPdXV3kPT3ewO9JmmxPTI6etRPO6W7D66X5Ibcf250Zm0sWfX3TgMes\n"
                                              "4vgt8gkZffQ8dUpqYL7OlyPRgnoxSDeouecj6l4waba9ByRwvjxux1ihlremA9nj\n"
                                              "Twp2fWnoMD7Smx848WoI5Ibl502pO2YZpC64xajR8+SI36SkaE4OPro2aHlHCm3/\n"
                                              "MuqFPahu5tDjfrnjZrUr7j4UHNlWzUBtz9anX0SWqQKBgQDb+nBP9C/I9qcyqDAL\n"
                                              "4KOMC+uBBx99SMQb+XrWhf08v63PK1EEGGA5OsidM6Ye5ELyi/ke1YTUGNCpq4V2\n"
                                              "86eGyuSF31rFYKWxrCL+SYBaXJ95nfyB820J1MGjPvJq+8Fs9FWpE9Fp/3385RM9\n"
                                              "ZomWcQaNCaHcmU3p0bl8Xs7C+wKBgQDGMJ5GK2ypddbQyqpK6GRbPunYefb5lZRM\n"
                                              "VhoSg/P/H3Jx2MysYdIJFhYccd8OLYzAmknOBxYb06YMPekl2mSR6oSXf4s949q7\n"
                                              "BjEMIl3WCPBvLTWfakM9C29gfaLRUBr0hSX8PkmdQ893mFHlEkk0Jc4l7MWSaGM2\n"
                                              "XibPlu/T6QKBgAnbslbS8aVG8H1DrkuJ+KpZCmfQ4udhcHB0gL3GaW/kgyyKm2nc\n"
                                              "kcteyAjLfMFbp2hpP3PTS82ZgxhneGa5SqOuygj51n6L80EAHt1Ye+kQx5DStLM6\n"
                                              "LoPHRhpDwudqeuOgG4qlObhPW90Ogws4YigczpdZfCh/sk8tN+vL7+YrAoGBAIyT\n"
                                              "LaCN6owkZlNAfRuWzKAf9tQyZmjPnRmsNOAPMkEyeAWihkJ7O/Rv8w0IA/PVgTGX\n"
                                              "/mOhiSABtpSWUUolJxKMqrGeqRAkDyB7Gs0Fj1Nikc/53EAPqlOhScXCN3uJ+ySX\n"
                                              "UMMjFynyUDT/GI+Hsd7INfmWgOkBG+YTUCoMYF4JAoGAQrsr290c747sKt0NhhXZ\n"
                                              "tJ9Z6teJNrX/jU93p3Cg7nKtiHvlDcUjE0q3lzpdW8vifCctKjv1pQO5OOGF8gnH\n"
                                              "XuwKNW0v20myDW/buAFaffr7n9WX6MWLwkMufCYVw114N3O1ASQM23oLU2r4NOzw\n"
                                              "DmZTG7T517Gs4rDT2RutSFU=\n"
                                              "-----END PRIVATE KEY-----\n";

// RSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) signature of kRsaMessage by kRsaTestKeyPem, made once
// with `openssl pkeyutl -sign`: verifying it is the deterministic half of the PSS check.
inline constexpr const char* kRsaPssSignatureHex = "64de80c8090a5ca4b020cb90b679178a205c76853e40a4aae4a67d43a44ac2ea"
                                                   "e04069bdbb726e46d82865219e5c1d1f8d0a14dfb6bb827b1b2d047965efba35"
                                                   "9e6d472812c34b5cc709256235d7b5022f0404d57d38f93f027676bd06201402"
                                                   "62d50e7cffe01bd7d5c195a44c6dd1e00b9510ded6469f95c0575476214303f6"
                                                   "e01e9fdde9230088899923854086d9708210a36d127a41756e3f22b0b422e887"
                                                   "d7e1348c8af6c1bd161784eb97c596b2556c716e5e82280fc0af72f4149b303e"
                                                   "5f01f7c8fc111f25c5acc1976a8bc4ee37a3e3a96d5b7c5e8a1e75f093b01c60"
                                                   "64d22bf123e7863c3aac92f5a97fcd464f71237c3761cf8033daff484a79a5c1";

// RSA-OAEP (SHA-256, MGF1-SHA-256, no label) encryption of kRsaMessage to kRsaTestKeyPem, made once
// with `openssl pkeyutl -encrypt`: decrypting it is the deterministic half of the OAEP check.
inline constexpr const char* kRsaOaepCiphertextHex = "98154c9e9c11d7d8315ff2ee3cc30429536e7fb479ae032f38ef4523120ad0d9"
                                                     "5638ef1d1addd2a81b323507894a329efee9e5c43428b07bb337d456207c0dde"
                                                     "407a7832f7769bf264b328e0983575dfde9336e283619251509460c3e839b445"
                                                     "5fd4ee75caa4a13031aa73229651d11b319430b8fd47089586d13efad4b7c637"
                                                     "4a56f3e1e16fbf61ef41d332715bac3c16e7e49dc8beac1ef077005788e6b770"
                                                     "81483690ed5c16de047dba6d755e9b27e77a7ebf41a86b547c9736e82aa52459"
                                                     "1141e368a472d5573637f4e7ea00ff287929b8c5f47dc846357a34aaa3211daf"
                                                     "3f9a2043ca8112354f77429198772fcab6b0e673e0757f951c4739f3ed338f09";

} // namespace custos::crypto::selftest::detail
