/* unit: one administrative unit (province, district, commune) as data — the
 * row of assets/units/units.csv that the store keeps (store_unit_*). */
#ifndef SOCDS_UNIT_H
#define SOCDS_UNIT_H

struct unit {
	char code[8];
	char level[12];		/* province / district / commune */
	char kind[48];
	char name[160];
	char parent_code[8];
	char status[12];	/* current / abolished */
	char abolished_on[12];
	char successor_code[8];
};

#endif
