package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.Outpoint;

/**
 * Real signed transactions, with the txids Bitcoin Core's {@code decoderawtransaction} gives them
 * (as recorded by rust-bitcoin's transaction tests), and the outputs they spend.
 */
final class SignedTransactions {

    /** A segwit transaction (two P2SH-P2WSH multisig inputs): its txid leaves the witnesses out. */
    static final String SEGWIT_RAW = "01000000000102ff34f95a672bb6a4f6ff4a7e90fa8c7b3be7e70ffc39bc99be3bda67942e836c00000000"
            + "23220020cde476664d3fa347b8d54ef3aee33dcb686a65ced2b5207cbf4ec5eda6b9b46e4f414d4c934ad8"
            + "1d330314e888888e3bd22c7dde8aac2ca9227b30d7c40093248af7812201000000232200200af6f6a071a6"
            + "9d5417e592ed99d256ddfd8b3b2238ac73f5da1b06fc0b2e79d54f414d4c0ba0c8f505000000001976a914"
            + "dcb5898d9036afad9209e6ff0086772795b1441088ac033c0f000000000017a914889f8c10ff2bd4bb9dab"
            + "b68c5c0d700a46925e6c87033c0f000000000017a914889f8c10ff2bd4bb9dabb68c5c0d700a46925e6c87"
            + "033c0f000000000017a914889f8c10ff2bd4bb9dabb68c5c0d700a46925e6c87033c0f000000000017a914"
            + "889f8c10ff2bd4bb9dabb68c5c0d700a46925e6c87033c0f000000000017a914889f8c10ff2bd4bb9dabb6"
            + "8c5c0d700a46925e6c87033c0f000000000017a914889f8c10ff2bd4bb9dabb68c5c0d700a46925e6c8703"
            + "3c0f000000000017a914889f8c10ff2bd4bb9dabb68c5c0d700a46925e6c87033c0f000000000017a91488"
            + "9f8c10ff2bd4bb9dabb68c5c0d700a46925e6c87033c0f000000000017a914889f8c10ff2bd4bb9dabb68c"
            + "5c0d700a46925e6c87033c0f000000000017a914889f8c10ff2bd4bb9dabb68c5c0d700a46925e6c870500"
            + "47304402200380b8663e727d7e8d773530ef85d5f82c0b067c97ae927800a0876a1f01d8e2022021ee611e"
            + "f6507dfd217add2cd60a8aea3cbcfec034da0bebf3312d19577b8c290147304402207bd9943ce1c2c5547b"
            + "120683fd05d78d23d73be1a5b5a2074ff586b9c853ed4202202881dcf435088d663c9af7b23efb3c03b9db"
            + "c0c899b247aa94a74d9b4b3c84f501483045022100ba12bba745af3f18f6e56be70f8382ca8e107d1ed5ce"
            + "aa3e8c360d5ecf78886f022069b38ebaac8fe6a6b97b497cbbb115f3176f7213540bef08f9292e5a72de52"
            + "de01695321023c9cd9c6950ffee24772be948a45dc5ef1986271e46b686cb52007bac214395a2102756e27"
            + "cb004af05a6e9faed81fd68ff69959e3c64ac8c9f6cd0e08fd0ad0e75d2103fa40da236bd82202a985a910"
            + "4e851080b5940812685769202a3b43e4a8b13e6a53ae050048304502210098b9687b81d725a7970d1eee91"
            + "ff6b89bc9832c2e0e3fb0d10eec143930b006f02206f77ce19dc58ecbfef9221f81daad90bb4f468df3912"
            + "12abc4f084fe2cc9bdef01483045022100e5479f81a3ad564103da5e2ec8e12f61f3ac8d312ab68763c1dd"
            + "d7bae94c20610220789b81b7220b27b681b1b2e87198897376ba9d033bc387f084c8b8310c8539c2014830"
            + "45022100aa1cc48a2d256c0e556616444cc08ae4959d464e5ffff2ae09e3550bdab6ce9f02207192d5e332"
            + "9a56ba7b1ead724634d104f1c3f8749fe6081e6233aee3e855817a016953210260de9cc68658c61af984e3"
            + "ab0281d17cfca1cc035966d335f474932d5e6c5422210355fbb768ce3ce39360277345dbb5f376e706459e"
            + "5a2b5e0e09a535e61690647021023222ceec58b94bd25925dd9743dae6b928737491bd940fc5dd7c6f5d5f"
            + "2adc1e53ae00000000";
    static final String SEGWIT_TXID = "9652aa62b0e748caeec40c4cb7bc17c6792435cc3dfe447dd1ca24f912a1c6ec";
    /** The hash of the whole serialization, witnesses included: what the txid must not be. */
    static final String SEGWIT_WTXID = "d6ac4a5e61657c4c604dcde855a1db74ec6b3e54f32695d72c5e11c7761ea1b4";
    static final Outpoint SEGWIT_INPUT_0 = new Outpoint("6c832e9467da3bbe99bc39fc0fe7e73b7b8cfa907e4afff6a4b62b675af934ff", 0);
    static final Outpoint SEGWIT_INPUT_1 = new Outpoint("2281f78a249300c4d7307b22a92cac8ade7d2cd23b8e8888e81403331dd84a93", 1);

    /** A transaction without witnesses: txid and wtxid are the same hash. */
    static final String LEGACY_RAW = "01000000010c7196428403d8b0c88fcb3ee8d64f56f55c8973c9ab7dd106bb4f3527f5888d000000006a47"
            + "30440220503a696f55f2c00eee2ac5e65b17767cd88ed04866b5637d3c1d5d996a70656d02202c9aff698f"
            + "343abb6d176704beda63fcdec503133ea4f6a5216b7f925fa9910c0121024d89b5a13d6521388969209df2"
            + "7a8469bd565aff10e8d42cef931fad5121bfb8ffffffff02b825b404000000001976a914ef79e7ee9fff98"
            + "bcfd08473d2b76b02a48f8c69088ac0000000000000000296a273236303039343836393731373233313237"
            + "3633313032313332353630353838373931323132373000000000";
    static final String LEGACY_TXID = "971ed48a62c143bbd9c87f4bafa2ef213cfa106c6e140f111931d0be307468dd";
    static final Outpoint LEGACY_INPUT = new Outpoint("8d88f527354fbb06d17dabc973895cf5564fd6e83ecb8fc8b0d803844296710c", 0);

    private SignedTransactions() {
    }
}
