//! Folding of old and variant kanji (旧字体・異体字) to the forms in common use.
//!
//! NFKC folds only the CJK compatibility ideographs; 髙, 﨑, 將, 邊 and the
//! other 康熙字典体 are separate code points that it leaves alone, and names
//! suffer most (a search for 高橋 must find 髙橋). The table follows the
//! correspondences printed in the 常用漢字表 (内閣告示, 2010: the 康熙字典体
//! in brackets after each character) and the 人名用漢字 別表第二 pairs, plus the
//! name variants of JIS X 0213 that registers and minutes print (髙, 﨑, 邉,
//! 嶋, 𠮷…). Each pair maps the printed form to the one a user types.

use std::sync::OnceLock;

/// Pairs of (variant, common form), written as one string of two-character
/// pairs so the table reads like the source lists.
const PAIRS: &str = concat!(
    // Name variants (JIS X 0213, 人名用漢字).
    "髙高﨑崎嵜崎碕崎邊辺邉辺德徳濱浜濵浜澤沢齋斎齊斎嶋島嶌島槇槙冨富舘館峯峰",
    "埜野渕淵𠮷吉瀨瀬瀧滝邨村",
    // 常用漢字表の康熙字典体 → 通用字体.
    "亞亜惡悪壓圧圍囲醫医爲為壹壱隱隠營営榮栄衞衛驛駅圓円鹽塩奧奥應応歐欧毆殴",
    "穩穏假仮價価畫画會会壞壊懷懐繪絵擴拡殼殻覺覚學学嶽岳樂楽渴渇鐮鎌勸勧卷巻",
    "寬寛歡歓觀観關関陷陥顏顔歸帰氣気龜亀僞偽戲戯犧犠舊旧據拠擧挙峽峡挾挟狹狭",
    "曉暁區区驅駆勳勲薰薫徑径莖茎惠恵揭掲溪渓經経螢蛍輕軽繼継鷄鶏藝芸擊撃缺欠",
    "儉倹劍剣圈圏檢検權権獻献縣県險険顯顕驗験嚴厳效効廣広恆恒鑛鉱號号國国黑黒",
    "濟済碎砕齋斎劑剤雜雑參参棧桟蠶蚕慘惨贊賛殘残絲糸齒歯兒児辭辞濕湿實実寫写",
    "舍舎釋釈壽寿收収從従澁渋獸獣縱縦肅粛處処敍叙奬奨將将燒焼稱称證証乘乗剩剰",
    "壤壌孃嬢條条淨浄疊畳讓譲釀醸觸触囑嘱眞真寢寝愼慎盡尽圖図粹粋醉酔隨随髓髄",
    "數数樞枢瀨瀬聲声靜静齊斎攝摂竊窃專専戰戦淺浅潛潜纖繊踐践錢銭禪禅雙双壯壮",
    "搜捜插挿巢巣爭争總総莊荘裝装騷騒增増藏蔵臟臓卽即屬属續続墮堕體体對対帶帯",
    "滯滞臺台瀧滝擇択澤沢單単擔担膽胆團団彈弾斷断癡痴遲遅晝昼蟲虫鑄鋳廳庁聽聴",
    "敕勅鎭鎮遞逓鐵鉄轉転點点傳伝黨党盜盗燈灯當当鬪闘獨独讀読屆届繩縄貳弐惱悩",
    "腦脳霸覇廢廃拜拝賣売麥麦發発髮髪拔抜蠻蛮祕秘濱浜甁瓶拂払佛仏倂併竝並變変",
    "邊辺辨弁瓣弁辯弁舖舗步歩穗穂寶宝萠萌襃褒豐豊沒没飜翻每毎萬万滿満默黙譯訳",
    "藥薬與与豫予餘余譽誉搖揺樣様謠謡來来賴頼亂乱覽覧龍竜兩両獵猟綠緑壘塁淚涙",
    "勵励禮礼隸隷靈霊齡齢戀恋爐炉勞労樓楼郞郎祿禄錄録灣湾",
    // Forms that minutes of the 1940s print and the tables above leave out.
    "晉晋曆暦歷歴稅税脫脱絕絶緖緒鄕郷靑青黃黄頰頬戶戸淸清內内溫温產産",
);

fn table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = PAIRS.chars().collect();
        let mut pairs: Vec<(char, char)> = chars
            .chunks_exact(2)
            .map(|pair| (pair[0], pair[1]))
            .filter(|(from, to)| from != to)
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|pair| pair.0);
        pairs
    })
}

/// The common form of `c`, or `c` itself when it is not a known variant.
pub fn fold_variant(c: char) -> char {
    // Every variant in the table is a CJK ideograph; skip the search for the rest.
    if (c as u32) < 0x4E00 {
        return c;
    }
    let table = table();
    match table.binary_search_by_key(&c, |pair| pair.0) {
        Ok(index) => table[index].1,
        Err(_) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_an_even_number_of_characters() {
        assert_eq!(PAIRS.chars().count() % 2, 0);
    }

    #[test]
    fn names_and_old_forms_fold() {
        let cases = [
            ('髙', '高'),
            ('﨑', '崎'),
            ('將', '将'),
            ('邊', '辺'),
            ('邉', '辺'),
            ('德', '徳'),
            ('濱', '浜'),
            ('澤', '沢'),
            ('齋', '斎'),
            ('齊', '斎'),
            ('榮', '栄'),
            ('條', '条'),
            ('總', '総'),
            ('黨', '党'),
            ('高', '高'),
            ('a', 'a'),
        ];
        for (variant, common) in cases {
            assert_eq!(fold_variant(variant), common, "{variant}");
        }
    }
}
