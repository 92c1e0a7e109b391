-- 条例第三十六条第七项 (工商、不动产登记资料 and other registers with their own access rules): the
-- reply points to that procedure; the agency decides which row of the annual report counts it
-- (spec/applications.md: 不予处理 or 其他处理 3).
ALTER TABLE agencies ADD COLUMN special_register_ground TEXT NOT NULL DEFAULT 'other_handling';
