// The Excel dialect: semicolons, decimal commas and a BOM, with text left as it is.

#include "engine/core/error.hpp"
#include "output/csv_dialect.hpp"

#include <doctest/doctest.h>

namespace trappsteg {

TEST_CASE("csv.excel_sv_uses_semicolons_decimal_commas_and_a_bom") {
  std::string standard =
      "scenario,replicate,month,district,group,metric,value\n"
      "baseline,0,1,angered,all,employment_rate_20_64,0.5698946515397083\n"
      "baseline,0,1,city,all,net_sek,-1234567.25\n"
      "baseline,0,1,city,all,stage:job_seeker,20\n"
      "\"Göteborg, city\",0,2,örgryte_harlanda,all,theil,1e-05\n"
      "\"say \"\"hej\"\"\",0,3,a;b,all,x,-0.5\n";
  std::string excel = convert_csv(standard, CsvDialect::kExcelSv);
  CHECK(excel.rfind("\xEF\xBB\xBF", 0) == 0);
  std::string body = excel.substr(3);
  CHECK(body ==
        "scenario;replicate;month;district;group;metric;value\r\n"
        "baseline;0;1;angered;all;employment_rate_20_64;0,5698946515397083\r\n"
        "baseline;0;1;city;all;net_sek;-1234567,25\r\n"
        "baseline;0;1;city;all;stage:job_seeker;20\r\n"
        "\"Göteborg, city\";0;2;örgryte_harlanda;all;theil;1e-05\r\n"
        "\"say \"\"hej\"\"\";0;3;\"a;b\";all;x;-0,5\r\n");
  CHECK(convert_csv(standard, CsvDialect::kStandard) == standard);
  CHECK(parse_csv_dialect("excel-sv") == CsvDialect::kExcelSv);
  CHECK_THROWS_AS(parse_csv_dialect("excel"), Error);
}

}  // namespace trappsteg

namespace trappsteg {

TEST_CASE("csv.excel_sv_reads_back_as_the_standard_text") {
  std::string standard =
      "point,replicate,\"staircase.transitions[from=a,to=b].base\",value\n"
      "0,1,0.035,-1234567.25\n"
      "\"Göteborg, city\",0,1e-05,\"say \"\"hej\"\"\"\n"
      "\"1,5\",2,,-0.5\n";
  CHECK(csv_to_standard(convert_csv(standard, CsvDialect::kExcelSv)) == standard);
  CHECK(csv_to_standard(standard) == standard);  // standard text passes through
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("plain") == "plain");
}

}  // namespace trappsteg
