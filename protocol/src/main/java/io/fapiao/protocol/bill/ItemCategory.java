package io.fapiao.protocol.bill;

import java.util.Optional;

/**
 * The fixed set of charge categories a {@link BillItem} may name, after the charge headings printed
 * on a medical e-bill (医疗收费电子票据). A bill item stores its category as the constant's
 * {@linkplain #name() name}, a plain string, so a bill naming an unknown category still parses and
 * is reported as {@link ViolationCode#UNKNOWN_CATEGORY} rather than refused as malformed.
 *
 * <pre>{@code
 * new BillItem("110200001", "普通门诊诊查费", ItemCategory.REGISTRATION.name(), "1", "10.00", 1000);
 * ItemCategory.of("BED");     // Optional[BED]
 * ItemCategory.of("bed");     // Optional.empty: codes are case-sensitive
 * }</pre>
 */
public enum ItemCategory {
    /** 挂号费 / 诊查费: registration and consultation. */
    REGISTRATION("挂号诊查费"),
    /** 西药费: western medicine. */
    WESTERN_MEDICINE("西药费"),
    /** 中成药费: Chinese patent medicine. */
    CHINESE_PATENT_MEDICINE("中成药费"),
    /** 中草药费: Chinese herbal medicine (decoction pieces). */
    CHINESE_HERBAL_MEDICINE("中草药费"),
    /** 检查费: examinations and imaging. */
    EXAMINATION("检查费"),
    /** 化验费: laboratory tests. */
    LABORATORY("化验费"),
    /** 治疗费: treatment. */
    TREATMENT("治疗费"),
    /** 手术费: surgery. */
    SURGERY("手术费"),
    /** 护理费: nursing. */
    NURSING("护理费"),
    /** 床位费: bed. */
    BED("床位费"),
    /** 卫生材料费: medical consumables. */
    MATERIAL("卫生材料费"),
    /** 其他费用: anything else. */
    OTHER("其他费用");

    /** {@code values()} copies its array on every call; {@link #of} runs once per bill item. */
    private static final ItemCategory[] ALL = values();

    private final String label;

    ItemCategory(String label) {
        this.label = label;
    }

    /** The heading printed on a paper bill, for example {@code 西药费}. */
    public String label() {
        return label;
    }

    /** The category whose name is exactly {@code code}, or empty (also for null). */
    public static Optional<ItemCategory> of(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (ItemCategory category : ALL) {
            if (category.name().equals(code)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}
