# assemble.cmake: cmake -DSRC=web -DOUT=build/web -P assemble.cmake. Copies the page and, from node_modules, the
# library files it loads (not minified, except uPlot's stylesheet, which comes only so) with their licences.

# node_modules path -> name under OUT/vendor
set(VENDOR
  uplot/dist/uPlot.esm.js uPlot.esm.js
  uplot/dist/uPlot.min.css uPlot.min.css
  d3-geo/dist/d3-geo.mjs d3-geo.mjs
  d3-array/dist/d3-array.mjs d3-array.mjs
  world-atlas/countries-110m.json countries-110m.json)
set(LICENSED uplot d3-geo d3-array topojson-client world-atlas)

set(modules ${SRC}/node_modules)
if(NOT EXISTS ${modules}/.package-lock.json OR ${SRC}/package-lock.json IS_NEWER_THAN ${modules}/.package-lock.json)
  message(FATAL_ERROR "${modules} is missing or older than web/package-lock.json: run `npm ci` in web/ (stack/install-deps does)")
endif()

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/vendor/licenses)
file(GLOB pages ${SRC}/*.html ${SRC}/*.css ${SRC}/*.svg)
file(COPY ${pages} ${SRC}/js DESTINATION ${OUT})

list(LENGTH VENDOR n)
math(EXPR last "${n} - 1")
foreach(i RANGE 0 ${last} 2)
  math(EXPR j "${i} + 1")
  list(GET VENDOR ${i} from)
  list(GET VENDOR ${j} to)
  configure_file(${modules}/${from} ${OUT}/vendor/${to} COPYONLY)
endforeach()
# topojson-client ships ES modules only as separate source files
file(COPY ${modules}/topojson-client/src/ DESTINATION ${OUT}/vendor/topojson-client)
foreach(package ${LICENSED})
  configure_file(${modules}/${package}/LICENSE ${OUT}/vendor/licenses/${package}.txt COPYONLY)
endforeach()
